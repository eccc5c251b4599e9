using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;

namespace SipGuard.Proxy.Core;

/// <summary>
/// The Warning text of a refusal: what is wrong and, when the problem lies in a header field,
/// which one ("Duplicate Single-Value Header: From"), so the sender's engineers can see what to fix.
/// </summary>
internal static class RefusalText
{
    public static int Write(SipMessage message, SipParseError error, Span<byte> destination)
    {
        var phrase = SipErrorReactions.ReasonPhrase(error.Kind);
        var w = Math.Min(phrase.Length, destination.Length);
        phrase[..w].CopyTo(destination);
        foreach (var header in message.Headers)
        {
            var line = header.Line;
            if (error.Position >= line.Offset && error.Position < line.Offset + line.Length)
            {
                var name = message[header.Name];
                if (w + 2 + name.Length <= destination.Length)
                {
                    ": "u8.CopyTo(destination[w..]);
                    name.CopyTo(destination[(w + 2)..]);
                    w += 2 + name.Length;
                }

                break;
            }
        }

        return w;
    }
}
