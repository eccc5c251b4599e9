using SipGuard.Proxy.Transactions;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Core;

public sealed partial class SipProxy
{
    /// <summary>§9.1 / §16.10: a CANCEL with the forwarded INVITE's Request-URI, top Via, Route, From, To, Call-ID and CSeq number.</summary>
    private void SendCancelUpstream(ProxyWorkspace workspace, ProxyTransaction transaction)
    {
        if (!TryReadForwarded(workspace, transaction, out var invite))
        {
            return;
        }

        var length = HopByHopRequest.WriteCancel(invite, workspace.Output);
        if (length > 0)
        {
            Send(transaction.Upstream, workspace.Output.AsSpan(0, length));
            transaction.CancelSent = true;
            transaction.CancelPending = false;
        }
    }

    /// <summary>§17.1.1.3: the ACK for a non-2xx final response goes hop by hop, on the INVITE's branch, with the response's To.</summary>
    private void SendAckUpstream(ProxyWorkspace workspace, ProxyTransaction transaction)
    {
        var response = workspace.Message;
        if (!TryReadForwarded(workspace, transaction, out var invite))
        {
            return;
        }

        var length = HopByHopRequest.WriteAck(invite, response, workspace.Output);
        if (length > 0)
        {
            Send(transaction.Upstream, workspace.Output.AsSpan(0, length));
        }
    }

    private bool TryReadForwarded(ProxyWorkspace workspace, ProxyTransaction transaction, out SipMessage invite) =>
        TryReadStored(workspace, transaction.Forwarded, transaction.Upstream.Transport, out invite);
}
