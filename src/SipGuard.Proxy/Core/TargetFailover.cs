using Microsoft.Extensions.Logging;
using SipGuard.Proxy.Security;
using SipGuard.Proxy.Transactions;
using SipGuard.Sip.Messages;

namespace SipGuard.Proxy.Core;

/// <summary>
/// Tries of a forwarded request: the first send, and §16.6 serial forking to the next target when
/// a try fails (send error, refused connect, silence past the try timeout, a failover code). Each
/// try is the same request on a new branch (the attempt digits and seal of our Via's branch are
/// rewritten in place); a target on another transport also gets that transport's Via and
/// Record-Route (<see cref="ForwardEditor.EditForTransport"/>).
/// </summary>
internal sealed class TargetFailover
{
    private readonly UpstreamTargets _targets;
    private readonly ProxyOutput _output;
    private readonly ForwardEditor _editor;
    private readonly BranchSeal _branches;
    private readonly DialogGuard _dialogs;
    private readonly LiveSnapshot _snapshot;
    private readonly ILogger _logger;

    public TargetFailover(UpstreamTargets targets, ProxyOutput output, ForwardEditor editor, BranchSeal branches, DialogGuard dialogs, LiveSnapshot snapshot, ILogger logger)
    {
        _targets = targets;
        _output = output;
        _editor = editor;
        _branches = branches;
        _dialogs = dialogs;
        _snapshot = snapshot;
        _logger = logger;
    }

    /// <summary>Sends the forwarded request to the current target and starts its timers; false when the send failed.</summary>
    public bool StartTry(ProxyTransaction transaction)
    {
        var client = transaction.Client;
        if (!_output.Send(client.Upstream, client.Forwarded.Span))
        {
            return false;
        }

        client.TrySent(_snapshot.Current.Timers);
        return true;
    }

    /// <summary>
    /// Moves the call to the next target that is not down and not yet tried, while the caller is
    /// still waiting (no final response sent, no CANCEL, Timer B not expired). False when there is
    /// none; the caller then answers.
    /// </summary>
    public bool TryFailover(ProxyWorkspace workspace, ProxyTransaction transaction, string why)
    {
        var client = transaction.Client;
        if (!transaction.Server.AwaitingFinal || !client.CanFailOver)
        {
            return false;
        }

        var route = client.Route!;
        while (true)
        {
            var index = _targets.Choose(route, client.Tried);
            if (index < 0)
            {
                return false;
            }

            var from = client.Upstream;
            var to = route.Targets[index];
            if (_editor.LeavesFromAnotherListener(from, to) && !Retarget(workspace, transaction, from, to))
            {
                return false;
            }

            if (!_output.TryReadStored(workspace, client.Forwarded, to.Transport, out var forwarded) || !forwarded.TryGetTopVia(out var via) ||
                via.Branch.Length != BranchId.Length)
            {
                return false;
            }

            client.MoveTo(index);
            var bytes = client.Forwarded.Array.AsSpan(0, client.Forwarded.Length);
            BranchId.WriteAttempt(bytes.Slice(via.Branch.Offset + BranchId.AttemptOffset, 2), client.Attempt);
            _branches.Write(bytes.Slice(via.Branch.Offset + BranchId.SealOffset, BranchSeal.Length), transaction.Slot, transaction.Generation, client.Attempt, transaction.Nonce);
            _dialogs.Rebind(forwarded, bytes, new DialogPeer(to.Transport, to.Remote)); // the dialog is with the new target
            Log.FailedOver(_logger, from.Remote, to.Remote, why);
            if (StartTry(transaction))
            {
                return true;
            }

            _targets.Failed(client); // could not even send: try the next one
        }
    }

    /// <summary>Rewrites the forwarded request for a target on another transport; false when it cannot be (the call is answered instead).</summary>
    private bool Retarget(ProxyWorkspace workspace, ProxyTransaction transaction, in Sip.Transports.OutboundTarget from, in Sip.Transports.OutboundTarget to)
    {
        var client = transaction.Client;
        if (!_output.TryReadStored(workspace, client.Forwarded, from.Transport, out var forwarded) || !forwarded.TryGetTopVia(out var via))
        {
            return false;
        }

        var editor = workspace.Editor;
        _editor.EditForTransport(editor, forwarded, via, from, to, transaction.Server.ReplyTarget, client.RecordRouted);
        var buffer = client.Forwarded.GetBuffer(editor.GetLength()); // the source is the workspace's copy, not this buffer
        if (!editor.TryWrite(buffer, out var written))
        {
            return false;
        }

        client.Forwarded.Commit(written);
        return true;
    }
}
