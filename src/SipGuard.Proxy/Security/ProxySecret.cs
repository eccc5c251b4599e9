using System.Security.Cryptography;
using Blake3;

namespace SipGuard.Proxy.Security;

/// <summary>
/// The key behind every value SipGuard writes and later trusts (dialog tokens, Via branches, TCP
/// flow tokens): 32 random bytes drawn when the process starts. A restart therefore invalidates
/// the dialogs in progress through this node, which is the price of needing no key management.
/// </summary>
internal sealed class ProxySecret
{
    public const int Length = 32;

    private readonly byte[] _key;

    // BLAKE3 in its keyed mode (a MAC and PRF by design) from the managed Blake3 package: a call
    // computes several MACs over a few dozen bytes (branches, dialog and flow tokens), and HMAC-SHA256
    // through OpenSSL cost two compressions plus an interop round trip and context copy each time,
    // about 4 % of the receive thread's CPU. One keyed hasher per thread, reset after each use; keyed
    // to the secret it was made for, so a second secret gets its own.
    [ThreadStatic]
    private static KeyedHasher? t_hasher;

    private ProxySecret(byte[] key) => _key = key;

    public ReadOnlySpan<byte> Key => _key;

    public static ProxySecret Generate() => new(RandomNumberGenerator.GetBytes(Length));

    /// <summary>A fixed key, for tests that need tokens to be reproducible.</summary>
    public static ProxySecret FromBytes(ReadOnlySpan<byte> key)
    {
        if (key.Length < Length)
        {
            throw new ArgumentException($"A proxy secret needs at least {Length} bytes.", nameof(key));
        }

        return new ProxySecret(key.ToArray());
    }

    /// <summary>The keyed BLAKE3 hash of <paramref name="data"/> truncated to <paramref name="mac"/>'s length (at most 32 bytes), without allocating.</summary>
    public void Mac(ReadOnlySpan<byte> data, Span<byte> mac)
    {
        Span<byte> full = stackalloc byte[32];
        Hash(data, full);
        full[..mac.Length].CopyTo(mac);
    }

    /// <summary>True when <paramref name="mac"/> is the truncated keyed hash of <paramref name="data"/> (constant-time compare).</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> mac)
    {
        if (mac.IsEmpty || mac.Length > 32)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[32];
        Hash(data, expected);
        return CryptographicOperations.FixedTimeEquals(expected[..mac.Length], mac);
    }

    private void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var hasher = t_hasher;
        if (hasher is null || !ReferenceEquals(hasher.Owner, this))
        {
            hasher?.Hasher.Dispose();
            hasher = t_hasher = new KeyedHasher(this, Blake3.Hasher.NewKeyed(_key.AsSpan(0, Length)));
        }

        ref var state = ref hasher.Hasher;
        state.Update(data);
        state.Finalize(destination);
        state.Reset();
    }

    private sealed class KeyedHasher(ProxySecret owner, Hasher hasher)
    {
        public readonly ProxySecret Owner = owner;

        public Hasher Hasher = hasher;
    }
}
