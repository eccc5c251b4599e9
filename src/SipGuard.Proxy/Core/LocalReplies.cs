using System.Text;
using SipGuard.Policy;
using SipGuard.Proxy.Telemetry;
using SipGuard.Proxy.Transactions;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Core;

/// <summary>
/// Answers SipGuard gives itself: stateless ones (errors, keep-alives, CANCEL's 200) and a
/// transaction's final response, which its server side keeps for retransmission and ACK absorption.
/// </summary>
internal sealed class LocalReplies
{
    private readonly LocalReplyWriter _writer;
    private readonly ProxyOutput _output;
    private readonly ProxyMetrics _metrics;
    private readonly LiveSnapshot _snapshot;

    public LocalReplies(LocalReplyWriter writer, ProxyOutput output, ProxyMetrics metrics, LiveSnapshot snapshot)
    {
        _writer = writer;
        _output = output;
        _metrics = metrics;
        _snapshot = snapshot;
    }

    /// <summary>A response to the request in the workspace that nothing keeps.</summary>
    public void SendStateless(ProxyWorkspace workspace, in OutboundTarget target, int status, ReadOnlySpan<byte> reason, ReadOnlySpan<byte> warning, bool retryAfter)
    {
        var length = _writer.Write(workspace, workspace.Message, target.Remote, status, reason, warning, retryAfter, workspace.Output);
        if (length > 0)
        {
            _output.Send(target, workspace.Output.AsSpan(0, length));
            _metrics.Response(status);
        }
    }

    /// <summary>§16.2: a stateful proxy sends 100 Trying for an INVITE at once; INVITE retransmissions get it again.</summary>
    public void SendTrying(ProxyWorkspace workspace, SipMessage request, ProxyTransaction transaction)
    {
        var server = transaction.Server;
        var trying = server.LastResponse.GetBuffer(request.Length + 256);
        var length = _writer.Write(workspace, request, server.ReplyTarget.Remote, 100, "Trying"u8, default, retryAfter: false, trying);
        server.LastResponse.Commit(length);
        _output.Send(server.ReplyTarget, server.LastResponse.Span);
    }

    /// <summary>A final response of ours to a transaction: kept for retransmission (Timer G) and ACK absorption.</summary>
    public void RespondFinal(
        ProxyWorkspace workspace,
        SipMessage request,
        ProxyTransaction transaction,
        int status,
        ReadOnlySpan<byte> reason,
        ReadOnlySpan<byte> warning,
        ReadOnlySpan<byte> contact = default,
        ReadOnlySpan<byte> tagLabel = default)
    {
        var server = transaction.Server;
        var buffer = server.LastResponse.GetBuffer(request.Length + 512 + contact.Length + tagLabel.Length);
        var length = _writer.Write(workspace, request, server.ReplyTarget.Remote, status, reason, warning, retryAfter: status == 503, buffer, contact, tagLabel);
        server.LastResponse.Commit(length);
        if (length > 0)
        {
            _output.Send(server.ReplyTarget, server.LastResponse.Span);
            _metrics.Response(status);
        }

        transaction.EndSpan(status);
        server.Complete(_snapshot.Current.Timers);
    }

    /// <summary>The policy's rejection: its status and reason phrase, the rule in the Warning.</summary>
    public void RespondReject(ProxyWorkspace workspace, ProxyTransaction transaction, in Decision decision)
    {
        Span<byte> reason = stackalloc byte[128];
        var reasonLength = Encoding.UTF8.GetBytes(decision.ReasonPhrase.AsSpan(0, Math.Min(decision.ReasonPhrase.Length, 40)), reason);
        Span<byte> rule = stackalloc byte[64];
        var ruleLength = Encoding.ASCII.GetBytes(decision.RuleId.AsSpan(0, Math.Min(decision.RuleId.Length, 64)), rule);
        RespondFinal(workspace, workspace.Message, transaction, decision.Status, reason[..reasonLength], rule[..ruleLength]);
    }

    /// <summary>A final response to a transaction whose request is only kept as bytes (timeouts, an unreachable upstream found out later).</summary>
    public void RespondFromStoredRequest(ProxyWorkspace workspace, ProxyTransaction transaction, int status, ReadOnlySpan<byte> reason, ReadOnlySpan<byte> warning)
    {
        var server = transaction.Server;
        if (!server.AwaitingFinal)
        {
            return;
        }

        if (!_output.TryReadStored(workspace, server.Request, server.ReplyTarget.Transport, out var request))
        {
            server.Terminate();
            return;
        }

        RespondFinal(workspace, request, transaction, status, reason, warning);
    }

    /// <summary>A retransmitted request gets the last response again (provisional or final).</summary>
    public void Retransmit(ProxyTransaction transaction)
    {
        lock (transaction)
        {
            var server = transaction.Server;
            if (transaction.InUse && !server.LastResponse.IsEmpty)
            {
                _output.Send(server.ReplyTarget, server.LastResponse.Span);
            }
        }
    }
}
