using System.Buffers.Binary;
using SipGuard.Sip.Headers;
using SipGuard.Sip.Messages;

namespace SipGuard.Proxy.Transactions;

/// <summary>
/// The server-transaction key of RFC 3261 §17.2.3: top Via branch and sent-by plus the method
/// (ACK and CANCEL look up their INVITE's). Requests from RFC 2543 elements (no magic cookie) fall
/// back to Request-URI, From tag, Call-ID, CSeq number and the whole top Via.
/// </summary>
internal static class TransactionKey
{
    private const byte InviteClass = (byte)'I';
    private const byte OtherClass = (byte)'N';

    /// <summary>Room for a key on the stack: enough for any header the parser's limits let through.</summary>
    public const int Capacity = 1024;

    /// <summary>The key of the INVITE transaction an ACK or CANCEL refers to, or of the request itself.</summary>
    public static int Write(SipMessage message, in ViaValue topVia, bool inviteClass, Span<byte> destination)
    {
        var w = 0;
        destination[w++] = inviteClass ? InviteClass : OtherClass;
        if (!inviteClass)
        {
            w += Copy(message.MethodBytes, destination[w..]);
        }

        var branch = message[topVia.Branch];
        if (branch.Length > 7 && branch[..7].SequenceEqual("z9hG4bK"u8))
        {
            w += Copy(branch, destination[w..]);
            w += Copy(message[topVia.Host], destination[w..]);
            if (destination.Length - w >= 4)
            {
                BinaryPrimitives.WriteInt32LittleEndian(destination[w..], topVia.Port);
                w += 4;
            }

            return w;
        }

        w += Copy(message.RequestUriBytes, destination[w..]);
        if (message.TryGetFrom(out var from))
        {
            w += Copy(message[from.Tag], destination[w..]);
        }

        w += Copy(message[message.CallId], destination[w..]);
        if (message.TryGetCSeq(out var cseq) && destination.Length - w >= 8)
        {
            BinaryPrimitives.WriteInt64LittleEndian(destination[w..], cseq.Number);
            w += 8;
        }

        w += Copy(message[topVia.Whole], destination[w..]);
        return w;
    }

    /// <summary>Copies as much as fits: an over-long key only risks treating two odd requests as one.</summary>
    private static int Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var n = Math.Min(source.Length, destination.Length);
        source[..n].CopyTo(destination);
        return n;
    }

    public static int Hash(ReadOnlySpan<byte> key)
    {
        var hash = new HashCode();
        hash.AddBytes(key);
        return hash.ToHashCode() & int.MaxValue;
    }
}
