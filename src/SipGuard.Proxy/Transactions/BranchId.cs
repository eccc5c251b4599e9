using System.Buffers.Text;

namespace SipGuard.Proxy.Transactions;

/// <summary>
/// The branch parameter of the Via SipGuard adds. It names the transaction's slot, generation and
/// try, so a response finds its transaction in O(1) with no table lookup, a response to a slot that
/// has since been reused (an older generation) is recognised as stale, and a late response to a
/// try abandoned for failover (an older attempt: each try is a new branch, §16.6) is ignored.
/// Layout: <c>z9hG4bK</c> magic cookie (RFC 3261 §8.1.1.7), <c>-sg</c>, 8 hex digits of slot,
/// 8 hex digits of generation, 2 hex digits of attempt, then the 16 hex digits of the keyed part
/// (<see cref="Security.BranchSeal"/>): 44 bytes. Slot and generation alone are predictable; a
/// response is accepted only when the keyed part matches too.
/// </summary>
internal static class BranchId
{
    public const int Length = 44;

    /// <summary>Offset of the attempt digits, which a failover rewrites in place.</summary>
    public const int AttemptOffset = 26;

    /// <summary>Offset of the keyed part, which a failover rewrites with the attempt.</summary>
    public const int SealOffset = 28;

    private static ReadOnlySpan<byte> Prefix => "z9hG4bK-sg"u8;

    public static int Write(Span<byte> destination, Security.BranchSeal seal, int slot, uint generation, byte attempt, ulong nonce)
    {
        Prefix.CopyTo(destination);
        WriteHex(destination.Slice(Prefix.Length, 8), (uint)slot);
        WriteHex(destination.Slice(Prefix.Length + 8, 8), generation);
        WriteAttempt(destination.Slice(AttemptOffset, 2), attempt);
        seal.Write(destination.Slice(SealOffset, Security.BranchSeal.Length), slot, generation, attempt, nonce);
        return Length;
    }

    /// <summary>The keyed part of a branch <see cref="TryRead(ReadOnlySpan{byte}, out int, out uint, out byte)"/> accepted.</summary>
    public static ReadOnlySpan<byte> SealOf(ReadOnlySpan<byte> branch) => branch.Slice(SealOffset, Security.BranchSeal.Length);

    /// <summary>Writes the two attempt digits (the last two bytes of a branch).</summary>
    public static void WriteAttempt(Span<byte> destination, byte attempt)
    {
        destination[0] = Hex(attempt >> 4);
        destination[1] = Hex(attempt & 0xF);
    }

    public static bool TryRead(ReadOnlySpan<byte> branch, out int slot, out uint generation) =>
        TryRead(branch, out slot, out generation, out _);

    /// <summary>True when <paramref name="branch"/> is one of ours; the slot and generation it names are returned.</summary>
    public static bool TryRead(ReadOnlySpan<byte> branch, out int slot, out uint generation, out byte attempt)
    {
        slot = 0;
        generation = 0;
        attempt = 0;
        if (branch.Length != Length || !branch.StartsWith(Prefix))
        {
            return false;
        }

        if (!Utf8Parser.TryParse(branch.Slice(Prefix.Length, 8), out uint rawSlot, out var used, 'x') || used != 8 ||
            !Utf8Parser.TryParse(branch.Slice(Prefix.Length + 8, 8), out generation, out used, 'x') || used != 8 ||
            !Utf8Parser.TryParse(branch.Slice(AttemptOffset, 2), out attempt, out used, 'x') || used != 2 ||
            rawSlot > int.MaxValue)
        {
            return false;
        }

        slot = (int)rawSlot;
        return true;
    }

    private static void WriteHex(Span<byte> destination, uint value)
    {
        for (var i = 7; i >= 0; i--)
        {
            destination[i] = Hex((int)(value & 0xF));
            value >>= 4;
        }
    }

    private static byte Hex(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
}
