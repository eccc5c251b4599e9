using System.Security.Cryptography;

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

    // One HMAC context per thread, reset after each use: the one-shot HMACSHA256.TryHashData builds
    // and frees an OpenSSL context on every call, and a call computes several MACs (branches, dialog
    // and flow tokens). Keyed to the secret it was made for, so a second secret gets its own.
    [ThreadStatic]
    private static IncrementalHash? t_hmac;

    [ThreadStatic]
    private static ProxySecret? t_hmacOwner;

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

    /// <summary>HMAC-SHA256 of <paramref name="data"/> truncated to <paramref name="mac"/>'s length, without allocating.</summary>
    public void Mac(ReadOnlySpan<byte> data, Span<byte> mac)
    {
        Span<byte> full = stackalloc byte[32];
        Hash(data, full);
        full[..mac.Length].CopyTo(mac);
    }

    /// <summary>True when <paramref name="mac"/> is the truncated HMAC of <paramref name="data"/> (constant-time compare).</summary>
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
        var hmac = t_hmac;
        if (!ReferenceEquals(t_hmacOwner, this) || hmac is null)
        {
            hmac?.Dispose();
            hmac = t_hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
            t_hmacOwner = this;
        }

        hmac.AppendData(data);
        hmac.TryGetHashAndReset(destination, out _);
    }
}
