using SipGuard.Proxy.Routing;
using SipGuard.Proxy.Transactions;

namespace SipGuard.Proxy.Core;

/// <summary>
/// The forward stage: writes the edited request (<see cref="ForwardEditor"/>) into its client
/// transaction, sends 100 Trying for an INVITE, and makes the first try; a try that cannot even be
/// sent fails over at once, or the caller hears 503 now. ACKs for a 2xx leave without a transaction.
/// </summary>
internal sealed class Forwarder
{
    private readonly ForwardEditor _editor;
    private readonly TargetFailover _failover;
    private readonly UpstreamTargets _targets;
    private readonly LocalReplies _replies;
    private readonly ProxyOutput _output;

    public Forwarder(ForwardEditor editor, TargetFailover failover, UpstreamTargets targets, LocalReplies replies, ProxyOutput output)
    {
        _editor = editor;
        _failover = failover;
        _targets = targets;
        _replies = replies;
        _output = output;
    }

    public void Forward(ProxyWorkspace workspace, ProxyTransaction transaction, ProxySnapshot snapshot, in MessageSource source, in RequestPlan plan)
    {
        var message = workspace.Message;
        var editor = workspace.Editor;
        _editor.EditForTransaction(workspace, transaction, snapshot, source, plan);
        var client = transaction.Client;
        var buffer = client.Forwarded.GetBuffer(editor.GetLength());
        if (!editor.TryWrite(buffer, out var written))
        {
            _replies.RespondFinal(workspace, message, transaction, 500, "Server Internal Error"u8, "edit-failed"u8);
            return;
        }

        client.Forwarded.Commit(written);
        client.Begin(transaction.Server.IsInvite, plan.Upstream, plan.TargetIndex, plan.Target, plan.RecordRoute && snapshot.Behaviour.RecordRoute, snapshot.Timers);
        if (transaction.Server.IsInvite)
        {
            _replies.SendTrying(workspace, message, transaction);
        }

        if (_failover.StartTry(transaction))
        {
            return;
        }

        // The send failed (e.g. no listener for the target's transport): another target, or the caller hears now.
        _targets.Failed(client);
        if (!_failover.TryFailover(workspace, transaction, "send failed"))
        {
            client.GiveUp();
            _replies.RespondFinal(workspace, message, transaction, 503, "Service Unavailable"u8, "upstream-unreachable"u8);
        }
    }

    /// <summary>ACK for a 2xx: relayed without a transaction (§16.11).</summary>
    public void ForwardAck(ProxyWorkspace workspace, in RequestPlan plan, ProxySnapshot snapshot)
    {
        _editor.EditAck(workspace, plan, snapshot);
        if (workspace.Editor.TryWrite(workspace.Output, out var written))
        {
            _output.Send(plan.Target, workspace.Output.AsSpan(0, written));
        }
    }
}
