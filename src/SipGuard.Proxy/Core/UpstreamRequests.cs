using SipGuard.Proxy.Transactions;
using SipGuard.Sip.Messages;

namespace SipGuard.Proxy.Core;

/// <summary>The hop-by-hop requests the proxy itself sends upstream, built from the INVITE as forwarded: CANCEL and the ACK of a non-2xx final.</summary>
internal sealed class UpstreamRequests
{
    private readonly ProxyOutput _output;

    public UpstreamRequests(ProxyOutput output) => _output = output;

    /// <summary>§9.1 / §16.10: a CANCEL with the forwarded INVITE's Request-URI, top Via, Route, From, To, Call-ID and CSeq number.</summary>
    public void SendCancel(ProxyWorkspace workspace, ProxyTransaction transaction)
    {
        var client = transaction.Client;
        if (!TryReadForwarded(workspace, client, out var invite))
        {
            return;
        }

        var length = HopByHopRequest.WriteCancel(invite, workspace.Output);
        if (length > 0)
        {
            _output.Send(client.Upstream, workspace.Output.AsSpan(0, length));
            client.OnCancelSent();
        }
    }

    /// <summary>§17.1.1.3: the ACK for a non-2xx final response (the workspace's message) goes hop by hop, on the INVITE's branch, with the response's To.</summary>
    public void SendAck(ProxyWorkspace workspace, ProxyTransaction transaction)
    {
        var response = workspace.Message;
        var client = transaction.Client;
        if (!TryReadForwarded(workspace, client, out var invite))
        {
            return;
        }

        var length = HopByHopRequest.WriteAck(invite, response, workspace.Output);
        if (length > 0)
        {
            _output.Send(client.Upstream, workspace.Output.AsSpan(0, length));
        }
    }

    private bool TryReadForwarded(ProxyWorkspace workspace, ClientTransaction client, out SipMessage invite) =>
        _output.TryReadStored(workspace, client.Forwarded, client.Upstream.Transport, out invite);
}
