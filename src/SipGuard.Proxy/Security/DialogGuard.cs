using System.Buffers;
using System.Buffers.Text;
using SipGuard.Sip.Headers;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Security;

/// <summary>
/// What SipGuard writes into its Record-Route and later trusts in a Route: the dialog token
/// (<c>;sgd=</c>, <see cref="DialogToken"/>) and, for a TCP initiator, the flow token
/// (<c>;sgf=</c>, <see cref="FlowSeal"/>), both keyed with the process's <see cref="ProxySecret"/>.
/// An in-dialog request is routed only when one of our Route entries carries a token that
/// verifies for its Call-ID and tags and its sender; the token then names the one peer it may go to.
/// </summary>
internal sealed class DialogGuard
{
    private readonly DialogToken _tokens;
    private readonly FlowSeal _flows;

    public DialogGuard(ProxySecret secret)
    {
        _tokens = new DialogToken(secret);
        _flows = new FlowSeal(secret);
    }

    /// <summary>The most bytes <see cref="WriteRecordRouteParameters"/> writes.</summary>
    public const int MaxParametersLength = 5 + DialogToken.Length + 5 + FlowSeal.MaxLength;

    private static ReadOnlySpan<byte> FlowParameter => ";sgf="u8;

    private static ReadOnlySpan<byte> FlowParameterName => "sgf"u8;

    /// <summary>
    /// <c>;sgd=&lt;token&gt;</c> for the dialog <paramref name="request"/> creates, and
    /// <c>;sgf=&lt;flow&gt;</c> when the initiator's requests arrive on TCP connection <paramref name="flowConnection"/> (&gt; 0).
    /// </summary>
    public int WriteRecordRouteParameters(Span<byte> destination, SipMessage request, in DialogPeer initiator, in DialogPeer recipient, long flowConnection)
    {
        var tag = request.TryGetFrom(out var from) ? request[from.Tag] : default;
        DialogToken.Parameter.CopyTo(destination);
        var w = DialogToken.Parameter.Length;
        w += _tokens.Write(destination[w..], request[request.CallId], tag, initiator, recipient);
        if (flowConnection > 0)
        {
            FlowParameter.CopyTo(destination[w..]);
            w += FlowParameter.Length;
            w += _flows.Write(destination[w..], flowConnection, initiator);
        }

        return w;
    }

    /// <summary>
    /// Verifies the dialog token in <paramref name="ownRoute"/> (a Route URI naming us) for
    /// <paramref name="request"/> from <paramref name="source"/>; <see cref="DialogSide.None"/> when
    /// there is none or it does not verify.
    /// </summary>
    public DialogSide Verify(SipMessage request, in SipUri ownRoute, SipTransportKind transport, SipEndpoint source, out DialogPeer destination)
    {
        destination = default;
        if (!ownRoute.TryGetParameter(request.Span, DialogToken.ParameterName, out var token) ||
            !request.TryGetFrom(out var from) || !request.TryGetTo(out var to))
        {
            return DialogSide.None;
        }

        return _tokens.Verify(request[token], request[request.CallId], request[from.Tag], request[to.Tag], transport, source, out destination);
    }

    /// <summary>The TCP or TLS connection <paramref name="ownRoute"/>'s flow token names, when it was issued for <paramref name="destination"/>; else 0.</summary>
    public long FlowConnection(SipMessage request, in SipUri ownRoute, in DialogPeer destination) =>
        destination.Transport != SipTransportKind.Udp &&
        ownRoute.TryGetParameter(request.Span, FlowParameterName, out var value) &&
        _flows.TryRead(request[value], destination, out var connection)
            ? connection
            : 0;

    /// <summary>
    /// A failover sends the dialog-creating request to another target: the tokens in our
    /// Record-Route values of <paramref name="forwarded"/> (parsed from <paramref name="bytes"/>) are
    /// rewritten in place to name <paramref name="recipient"/>. Same length, so nothing else moves.
    /// </summary>
    public void Rebind(SipMessage forwarded, Span<byte> bytes, in DialogPeer recipient)
    {
        var tag = forwarded.TryGetFrom(out var from) ? forwarded[from.Tag] : default;
        var values = forwarded.GetValues(KnownHeader.RecordRoute);
        Span<byte> raw = stackalloc byte[2 * DialogPeer.EncodedLength + DialogToken.MacLength];
        for (var seen = 0; seen < 2 && values.MoveNext(); seen++)
        {
            if (!NameAddr.TryParse(forwarded.Span, values.Current, out var route) ||
                !route.Uri.TryGetParameter(forwarded.Span, DialogToken.ParameterName, out var token) ||
                token.Length != DialogToken.Length)
            {
                continue;
            }

            if (Base64Url.DecodeFromUtf8(forwarded[token], raw, out _, out _) != OperationStatus.Done)
            {
                continue;
            }

            var initiator = DialogPeer.Read(raw);
            _tokens.Write(bytes.Slice(token.Offset, DialogToken.Length), forwarded[forwarded.CallId], tag, initiator, recipient);
        }
    }
}
