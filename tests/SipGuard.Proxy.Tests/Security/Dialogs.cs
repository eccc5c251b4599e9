using System.Net;
using System.Text;
using SipGuard.Proxy.Tests.Core;

namespace SipGuard.Proxy.Tests.Security;

/// <summary>Whole calls and in-dialog requests through <see cref="ProxyHarness"/>, for the attack suite.</summary>
internal static class Dialogs
{
    public const string UpstreamTarget = "sip:4008001234@127.0.0.1:15080";
    public const string CallerTarget = "sip:+861066022236@127.0.0.2:15070";

    public static IPEndPoint Proxy => ProxyHarness.ProxyEndPoint;

    /// <summary>An established call: the INVITE as the upstream got it and the 200 as the caller got it.</summary>
    internal sealed record Call(string CallId, byte[] Forwarded, byte[] Answer)
    {
        public string CallerTag => $"from-{CallId}";

        public string CalleeTag => $"up-{CallId}";

        /// <summary>The route set the caller learnt: the Record-Route of the 200.</summary>
        public string Route => Core.Sip.Header(Answer, "Record-Route")["Record-Route: ".Length..];
    }

    public static async Task<Call> EstablishAsync(ProxyHarness h, string callId)
    {
        h.Caller.Send(Core.Sip.Invite(callId, branch: $"z9hG4bK-{callId}"), Proxy);
        var forwarded = await NextRequestAsync(h.Upstream, "INVITE", callId);
        h.Upstream.Send(Core.Sip.Response(forwarded, 200, "OK", toTag: $"up-{callId}"), Proxy);
        var answer = await NextResponseAsync(h.Caller, callId, final: true);
        Core.Sip.StatusOf(answer).Should().Be(200, $"the call {callId} is answered");
        return new Call(callId, forwarded, answer);
    }

    /// <summary>A call from start to BYE: INVITE, 200, ACK, BYE from the caller, its 200.</summary>
    public static async Task CompleteAsync(ProxyHarness h, string callId)
    {
        var call = await EstablishAsync(h, callId);
        h.Caller.Send(FromCaller(call, "ACK", 1, "ack"), Proxy);
        await NextRequestAsync(h.Upstream, "ACK", callId);
        h.Caller.Send(FromCaller(call, "BYE", 2, "bye"), Proxy);
        var bye = await NextRequestAsync(h.Upstream, "BYE", callId);
        h.Upstream.Send(Core.Sip.Response(bye, 200, "OK", toTag: call.CalleeTag), Proxy);
        var done = await NextResponseAsync(h.Caller, callId, final: true);
        Core.Sip.StatusOf(done).Should().Be(200, $"the BYE of {callId} is answered");
    }

    /// <summary>A request inside <paramref name="call"/> as the caller would send it (From: the caller's tag).</summary>
    public static string FromCaller(Call call, string method, int cseq, string branch, string? route = null, string? extra = null, string sentBy = "127.0.0.2:15070") =>
        InDialog(method, UpstreamTarget, sentBy, $"z9hG4bK-{call.CallId}-{branch}", route ?? call.Route, call.CallerTag, call.CalleeTag, call.CallId, cseq, extra);

    /// <summary>A request inside <paramref name="call"/> as the upstream would send it (From: the callee's tag).</summary>
    public static string FromUpstream(Call call, string method, int cseq, string branch) =>
        InDialog(method, CallerTarget, "127.0.0.1:15080", $"z9hG4bK-{call.CallId}-{branch}", call.Route, call.CalleeTag, call.CallerTag, call.CallId, cseq, null);

    public static string InDialog(string method, string requestUri, string sentBy, string branch, string? route, string fromTag, string toTag, string callId, int cseq, string? extra)
    {
        var sb = new StringBuilder();
        sb.Append($"{method} {requestUri} SIP/2.0\r\n");
        sb.Append($"Via: SIP/2.0/UDP {sentBy};branch={branch}\r\n");
        sb.Append("Max-Forwards: 70\r\n");
        if (route is not null)
        {
            sb.Append($"Route: {route}\r\n");
        }

        sb.Append($"From: <sip:+861066022236@127.0.0.2>;tag={fromTag}\r\n");
        sb.Append($"To: <sip:4008001234@127.0.0.1>;tag={toTag}\r\n");
        sb.Append($"Call-ID: {callId}\r\n");
        sb.Append($"CSeq: {cseq} {method}\r\n");
        if (extra is not null)
        {
            sb.Append(extra).Append("\r\n");
        }

        sb.Append("Content-Length: 0\r\n\r\n");
        return sb.ToString();
    }

    public static async Task<byte[]> NextRequestAsync(UdpPeer peer, string method, string callId)
    {
        while (true)
        {
            var data = await peer.ReceiveAsync($"the {method} of {callId}");
            if (Core.Sip.StartLine(data).StartsWith(method + " ", StringComparison.Ordinal) && Core.Sip.Header(data, "Call-ID") == $"Call-ID: {callId}")
            {
                return data;
            }
        }
    }

    /// <summary>The next response for <paramref name="callId"/> (the next final one when <paramref name="final"/>).</summary>
    public static async Task<byte[]> NextResponseAsync(UdpPeer peer, string callId, bool final)
    {
        while (true)
        {
            var data = await peer.ReceiveAsync($"a response for {callId}");
            var status = Core.Sip.StatusOf(data);
            if (status > 0 && Core.Sip.Header(data, "Call-ID") == $"Call-ID: {callId}" && (!final || status >= 200))
            {
                return data;
            }
        }
    }
}
