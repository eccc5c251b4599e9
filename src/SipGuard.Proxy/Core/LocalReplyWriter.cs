using System.Buffers.Text;
using SipGuard.Sip.Headers;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Core;

/// <summary>
/// The bytes of a response SipGuard writes itself: <see cref="Sip.Replies.LocalReplyBuilder"/>
/// copies Via, From, To, Call-ID and CSeq; the top Via gets its received/rport stamp
/// (<see cref="ViaStamp"/>); Warning, Retry-After, Unsupported and Allow are added as the status asks,
/// a redirect's Contact and grey-list label when given.
/// </summary>
internal sealed class LocalReplyWriter
{
    private readonly LiveSnapshot _snapshot;

    public LocalReplyWriter(LiveSnapshot snapshot) => _snapshot = snapshot;

    public int Write(
        ProxyWorkspace workspace,
        SipMessage request,
        SipEndpoint source,
        int status,
        ReadOnlySpan<byte> reason,
        ReadOnlySpan<byte> warning,
        bool retryAfter,
        Span<byte> destination,
        ReadOnlySpan<byte> contact = default,
        ReadOnlySpan<byte> tagLabel = default)
    {
        var reply = workspace.Reply;
        var snapshot = _snapshot.Current;
        var behaviour = snapshot.Behaviour;
        reply.Reset();
        Identity.IdentityEditor.AddLocalReplyHeaders(reply, snapshot.Identity); // proxy.server_header
        Span<byte> rport = stackalloc byte[8];
        Span<byte> received = stackalloc byte[10 + 64];
        var stamp = ViaStamp.Compute(request, source, rport, received);
        if (stamp.RportLength > 0)
        {
            reply.Insert(stamp.RportAt, rport[..stamp.RportLength]);
        }

        if (stamp.ReceivedLength > 0)
        {
            reply.Insert(stamp.ReceivedAt, received[..stamp.ReceivedLength]);
        }

        if (!warning.IsEmpty)
        {
            // RFC 3261 §20.43: warn-code 399 (miscellaneous), our agent, and the rule in quotes.
            Span<byte> value = stackalloc byte[256];
            var w = 0;
            "399 "u8.CopyTo(value);
            w += 4;
            behaviour.WarnAgent.CopyTo(value[w..]);
            w += behaviour.WarnAgent.Length;
            value[w++] = (byte)' ';
            value[w++] = (byte)'"';
            var text = warning[..Math.Min(warning.Length, value.Length - w - 1)];
            foreach (var b in text)
            {
                value[w++] = b == (byte)'"' ? (byte)'\'' : b;
            }

            value[w++] = (byte)'"';
            reply.AddHeader("Warning"u8, value[..w]);
        }

        if (retryAfter)
        {
            Span<byte> seconds = stackalloc byte[8];
            Utf8Formatter.TryFormat((int)behaviour.RetryAfter.TotalSeconds, seconds, out var n);
            reply.AddHeader("Retry-After"u8, seconds[..n]);
        }

        if (status == 420 && request.TryGetValue(KnownHeader.ProxyRequire, out var unsupported))
        {
            reply.AddHeader("Unsupported"u8, request[unsupported]);
        }

        if (status == 405 && behaviour.Role == Configuration.ProxyRole.Redirect)
        {
            reply.AddHeader("Allow"u8, Redirect.RedirectPlanner.Allow); // RFC 3261 §8.2.1: a 405 lists what the redirect server takes
        }

        if (!contact.IsEmpty)
        {
            reply.AddHeader("Contact"u8, contact);
        }

        if (!tagLabel.IsEmpty)
        {
            reply.AddHeader(behaviour.TagHeader, tagLabel); // the same header the proxy adds to a grey-listed INVITE
        }

        Span<byte> toTag = stackalloc byte[16];
        var tag = status > 100 ? ToTag(request, toTag) : default;
        return reply.TryWrite(request, status, reason, tag, destination, out var written) ? written : 0;
    }

    /// <summary>A To-tag for our own responses: stable for the request (retransmissions get the same), unique enough per dialog.</summary>
    private static ReadOnlySpan<byte> ToTag(SipMessage request, Span<byte> destination)
    {
        var hash = new HashCode();
        hash.AddBytes(request[request.CallId]);
        if (request.TryGetTopVia(out var via))
        {
            hash.AddBytes(request[via.Branch]);
        }

        "sg"u8.CopyTo(destination);
        Utf8Formatter.TryFormat((uint)hash.ToHashCode(), destination[2..], out var n, new System.Buffers.StandardFormat('x', 8));
        return destination[..(2 + n)];
    }
}
