using System.Buffers.Text;
using SipGuard.Sip.Headers;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Core;

/// <summary>
/// RFC 3261 §18.2.1 and RFC 3581 §4: the top Via of a request gets <c>received</c> when its
/// sent-by is not the address the request came from, or when it asks for <c>rport</c> (RFC 3581
/// then requires received even if they match), and a valueless <c>rport</c> gets the source port.
/// The same stamp goes on a forwarded request and on the replies SipGuard sends itself, so a
/// caller behind NAT is told where it was seen either way. Both are inserts at request offsets.
/// </summary>
internal readonly record struct ViaStamp(int RportAt, int RportLength, int ReceivedAt, int ReceivedLength)
{
    public static ViaStamp Compute(SipMessage message, SipEndpoint source, Span<byte> rport, Span<byte> received)
    {
        if (!message.TryGetTopVia(out var via))
        {
            return default;
        }

        int rportAt = 0, rportLength = 0;
        var wantsRport = via.HasRport && via.Rport < 0 && TryFindValuelessRport(message, via, out rportAt);
        if (wantsRport)
        {
            rport[0] = (byte)'=';
            Utf8Formatter.TryFormat(source.Port, rport[1..], out var digits);
            rportLength = 1 + digits;
        }

        Span<byte> address = stackalloc byte[64];
        var length = FormatAddress(source, address);
        if (via.HasReceived || length == 0 || (!wantsRport && message[via.Host].SequenceEqual(address[..length])))
        {
            return new ViaStamp(rportAt, rportLength, 0, 0);
        }

        ";received="u8.CopyTo(received);
        address[..length].CopyTo(received[10..]);
        return new ViaStamp(rportAt, rportLength, via.Whole.End, 10 + length);
    }

    /// <summary>End offset of a valueless <c>;rport</c> parameter in the Via's parameters.</summary>
    private static bool TryFindValuelessRport(SipMessage message, in ViaValue via, out int end)
    {
        var parameters = message[via.Parameters];
        for (var at = 0; at + 6 <= parameters.Length; at++)
        {
            if (parameters[at] == (byte)';' && System.Text.Ascii.EqualsIgnoreCase(parameters.Slice(at + 1, 5), "rport"u8))
            {
                var after = at + 6;
                var next = after < parameters.Length ? parameters[after] : (byte)';';
                if (next is (byte)';' or (byte)',' or (byte)' ' or (byte)'\t' or (byte)'\r')
                {
                    end = via.Parameters.Offset + after;
                    return true;
                }
            }
        }

        end = 0;
        return false;
    }

    /// <summary>An address as text (IPv4 dotted quad; IPv6 via IPAddress, rare enough to allocate); the redirect Contact uses it too.</summary>
    internal static int FormatAddress(SipEndpoint endpoint, Span<byte> destination)
    {
        Span<byte> bytes = stackalloc byte[16];
        var length = endpoint.WriteAddressBytes(bytes);
        if (length == 4)
        {
            var w = 0;
            for (var i = 0; i < 4; i++)
            {
                if (i > 0)
                {
                    destination[w++] = (byte)'.';
                }

                Utf8Formatter.TryFormat(bytes[i], destination[w..], out var n);
                w += n;
            }

            return w;
        }

        var text = new System.Net.IPAddress(bytes[..length]).ToString();
        return System.Text.Encoding.ASCII.GetBytes(text, destination);
    }
}
