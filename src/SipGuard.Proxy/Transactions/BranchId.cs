using System.Buffers.Text;

namespace SipGuard.Proxy.Transactions;

/// <summary>
/// The branch parameter of the Via SipGuard adds. It names the transaction's slot and generation,
/// so a response finds its transaction in O(1) with no table lookup, and a response to a slot that
/// has since been reused (an older generation) is recognised as stale.
/// Layout: <c>z9hG4bK</c> magic cookie (RFC 3261 §8.1.1.7), <c>-sg</c>, 8 hex digits of slot,
/// 8 hex digits of generation: 26 bytes.
/// </summary>
internal static class BranchId
{
    public const int Length = 26;

    private static ReadOnlySpan<byte> Prefix => "z9hG4bK-sg"u8;

    public static int Write(Span<byte> destination, int slot, uint generation)
    {
        Prefix.CopyTo(destination);
        WriteHex(destination.Slice(Prefix.Length, 8), (uint)slot);
        WriteHex(destination.Slice(Prefix.Length + 8, 8), generation);
        return Length;
    }

    /// <summary>True when <paramref name="branch"/> is one of ours; the slot and generation it names are returned.</summary>
    public static bool TryRead(ReadOnlySpan<byte> branch, out int slot, out uint generation)
    {
        slot = 0;
        generation = 0;
        if (branch.Length != Length || !branch.StartsWith(Prefix))
        {
            return false;
        }

        if (!Utf8Parser.TryParse(branch.Slice(Prefix.Length, 8), out uint rawSlot, out var used, 'x') || used != 8 ||
            !Utf8Parser.TryParse(branch.Slice(Prefix.Length + 8, 8), out generation, out used, 'x') || used != 8 ||
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
            var nibble = (int)(value & 0xF);
            destination[i] = (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
            value >>= 4;
        }
    }
}
