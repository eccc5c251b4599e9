using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SipGuard.Proxy.Security;

/// <summary>
/// The keyed part of SipGuard's Via branch: 16 hex digits of a truncated keyed hash (<see cref="ProxySecret"/>) over the
/// transaction's slot, generation and attempt and a random nonce drawn for the transaction. The
/// slot and generation in the branch still find the transaction in O(1); a response is taken only
/// when it also carries this part, which cannot be derived from other branches (the nonce is
/// secret and fresh per transaction, the key per process), so seeing one forwarded request does
/// not let anyone guess the branch of another.
/// </summary>
internal sealed class BranchSeal
{
    public const int Length = 16;

    private readonly ProxySecret _secret;

    public BranchSeal(ProxySecret secret) => _secret = secret;

    // Nonces are drawn 64 at a time per thread: each draw from the OS generator goes through
    // OpenSSL's RAND_bytes, which costs a getpid(2) for its fork check; one per transaction was two
    // syscalls per call. Every nonce is still fresh random bytes used once.
    private const int NoncesPerDraw = 64;

    [ThreadStatic]
    private static byte[]? t_nonces;

    [ThreadStatic]
    private static int t_nextNonce;

    /// <summary>A fresh nonce for a new transaction.</summary>
    public static ulong NewNonce()
    {
        var nonces = t_nonces;
        if (nonces is null || t_nextNonce == nonces.Length)
        {
            nonces = t_nonces ??= new byte[NoncesPerDraw * sizeof(ulong)];
            RandomNumberGenerator.Fill(nonces);
            t_nextNonce = 0;
        }

        var nonce = BinaryPrimitives.ReadUInt64LittleEndian(nonces.AsSpan(t_nextNonce));
        t_nextNonce += sizeof(ulong);
        return nonce;
    }

    public void Write(Span<byte> destination, int slot, uint generation, byte attempt, ulong nonce)
    {
        Span<byte> mac = stackalloc byte[Length / 2];
        ComputeMac(slot, generation, attempt, nonce, mac);
        for (var i = 0; i < mac.Length; i++)
        {
            destination[2 * i] = Hex(mac[i] >> 4);
            destination[(2 * i) + 1] = Hex(mac[i] & 0xF);
        }
    }

    /// <summary>True when <paramref name="seal"/> is the keyed part for this transaction and attempt (constant-time compare).</summary>
    public bool Verify(ReadOnlySpan<byte> seal, int slot, uint generation, byte attempt, ulong nonce)
    {
        if (seal.Length != Length)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[Length];
        Write(expected, slot, generation, attempt, nonce);
        return CryptographicOperations.FixedTimeEquals(expected, seal);
    }

    private void ComputeMac(int slot, uint generation, byte attempt, ulong nonce, Span<byte> mac)
    {
        Span<byte> data = stackalloc byte[4 + 4 + 4 + 1 + 8];
        "sgb1"u8.CopyTo(data);
        BinaryPrimitives.WriteInt32BigEndian(data[4..], slot);
        BinaryPrimitives.WriteUInt32BigEndian(data[8..], generation);
        data[12] = attempt;
        BinaryPrimitives.WriteUInt64BigEndian(data[13..], nonce);
        _secret.Mac(data, mac);
    }

    private static byte Hex(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
}
