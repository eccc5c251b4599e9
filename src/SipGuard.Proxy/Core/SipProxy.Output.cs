using System.Buffers.Text;
using System.Text;
using Microsoft.Extensions.Logging;
using SipGuard.Policy;
using SipGuard.Proxy.Routing;
using SipGuard.Proxy.Transactions;
using SipGuard.Sip.Headers;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Core;

public sealed partial class SipProxy
{
    private static ReadOnlySpan<byte> AckBranchPrefix => "z9hG4bK-sa"u8;

    /// <summary>A response we answer ourselves and do not keep (errors, keep-alives, CANCEL's 200).</summary>
    private void SendLocalReply(ProxyWorkspace workspace, in OutboundTarget target, int status, ReadOnlySpan<byte> reason, ReadOnlySpan<byte> warning, bool retryAfter)
    {
        var length = WriteLocalReply(workspace, workspace.Message, target.Remote, status, reason, warning, retryAfter, workspace.Output);
        if (length > 0)
        {
            Send(target, workspace.Output.AsSpan(0, length));
            _metrics.Response(status);
        }
    }

    /// <summary>A final response of ours to a transaction: kept for retransmission (Timer G) and ACK absorption.</summary>
    private void RespondFinal(ProxyWorkspace workspace, SipMessage request, ProxyTransaction transaction, ProxySnapshot snapshot, int status, ReadOnlySpan<byte> reason, ReadOnlySpan<byte> warning)
    {
        var buffer = transaction.LastResponse.GetBuffer(request.Length + 512);
        var length = WriteLocalReply(workspace, request, transaction.ReplyTarget.Remote, status, reason, warning, retryAfter: status == 503, buffer);
        transaction.LastResponse.Commit(length);
        if (length > 0)
        {
            Send(transaction.ReplyTarget, transaction.LastResponse.Span);
            _metrics.Response(status);
        }

        transaction.EndSpan(status);
        EnterServerCompleted(transaction, snapshot.Timers);
    }

    private void RespondReject(ProxyWorkspace workspace, ProxyTransaction transaction, ProxySnapshot snapshot, in Decision decision)
    {
        Span<byte> reason = stackalloc byte[128];
        var reasonLength = Encoding.UTF8.GetBytes(decision.ReasonPhrase.AsSpan(0, Math.Min(decision.ReasonPhrase.Length, 40)), reason);
        Span<byte> rule = stackalloc byte[64];
        var ruleLength = Encoding.ASCII.GetBytes(decision.RuleId.AsSpan(0, Math.Min(decision.RuleId.Length, 64)), rule);
        RespondFinal(workspace, workspace.Message, transaction, snapshot, decision.Status, reason[..reasonLength], rule[..ruleLength]);
    }

    private int WriteLocalReply(ProxyWorkspace workspace, SipMessage request, SipEndpoint source, int status, ReadOnlySpan<byte> reason, ReadOnlySpan<byte> warning, bool retryAfter, Span<byte> destination)
    {
        var reply = workspace.Reply;
        var behaviour = Snapshot.Behaviour;
        reply.Reset();
        Identity.IdentityEditor.AddLocalReplyHeaders(reply, Snapshot.Identity); // proxy.server_header
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

    /// <summary>§16.6: our Via, Max-Forwards minus one, our Route entries removed, Record-Route, the grey-list label; every other byte as received.</summary>
    private void Forward(ProxyWorkspace workspace, ProxyTransaction transaction, ProxySnapshot snapshot, in Source source, in RequestPlan plan)
    {
        var message = workspace.Message;
        var editor = workspace.Editor;
        var outbound = _local.For(plan.Target.Transport);
        editor.Reset(message);

        Span<byte> via = stackalloc byte[outbound.ViaPrefix.Length + BranchId.Length + 6];
        outbound.ViaPrefix.CopyTo(via);
        var w = outbound.ViaPrefix.Length;
        w += BranchId.Write(via[w..], _branches, transaction.Slot, transaction.Generation, transaction.Attempt, transaction.Nonce);
        ";rport"u8.CopyTo(via[w..]);
        editor.AddTopVia(via[..(w + 6)]);
        StampSource(message, editor, source.Target.Remote);
        editor.DecrementMaxForwards();
        RemoveOwnRoutes(editor, plan);
        Identity.IdentityEditor.EditRequest(message, editor, plan.Decision, plan.Trunk, snapshot.Policy, plan.Upstream, snapshot.Identity); // the trust boundary (RFC 3325)
        if (plan.StripAssertedIdentity)
        {
            Security.InDialogIdentity.Strip(message, editor);
        }

        if (plan.RecordRoute && snapshot.Behaviour.RecordRoute)
        {
            AddRecordRoutes(editor, message, source, plan.Target);
        }

        if (plan.Tag is { } label)
        {
            Span<byte> value = stackalloc byte[128];
            var n = Encoding.UTF8.GetBytes(label.AsSpan(0, Math.Min(label.Length, 40)), value);
            editor.AppendHeader(snapshot.Behaviour.TagHeader, value[..n]);
        }

        var buffer = transaction.Forwarded.GetBuffer(editor.GetLength());
        if (!editor.TryWrite(buffer, out var written))
        {
            RespondFinal(workspace, message, transaction, snapshot, 500, "Server Internal Error"u8, "edit-failed"u8);
            return;
        }

        transaction.Forwarded.Commit(written);
        transaction.Upstream = plan.Target;
        transaction.Client = ClientState.Calling;
        transaction.Server = ServerState.Proceeding;

        if (transaction.IsInvite)
        {
            // §16.2: a stateful proxy sends 100 Trying for an INVITE at once; INVITE retransmissions get it again.
            var trying = transaction.LastResponse.GetBuffer(message.Length + 256);
            var length = WriteLocalReply(workspace, message, transaction.ReplyTarget.Remote, 100, "Trying"u8, default, retryAfter: false, trying);
            transaction.LastResponse.Commit(length);
            Send(transaction.ReplyTarget, transaction.LastResponse.Span);
        }

        var timers = snapshot.Timers;
        transaction.TimeoutTimer = Schedule(transaction, TransactionTimer.RequestTimeout, transaction.IsInvite ? timers.InviteTimeout : timers.TransactionLifetime);
        if (StartTry(transaction, timers))
        {
            return;
        }

        // The send failed (e.g. no TCP connection to the target): another target, or the caller hears now.
        TryFailed(transaction);
        if (!TryFailover(workspace, transaction, "send failed"))
        {
            transaction.TimeoutTimer.Cancel();
            transaction.Client = ClientState.Terminated;
            RespondFinal(workspace, message, transaction, snapshot, 503, "Service Unavailable"u8, "upstream-unreachable"u8);
        }
    }

    /// <summary>ACK for a 2xx: relayed without a transaction, with a Via whose branch is derived from the incoming one.</summary>
    private void ForwardStateless(ProxyWorkspace workspace, in RequestPlan plan)
    {
        var message = workspace.Message;
        var editor = workspace.Editor;
        var outbound = _local.For(plan.Target.Transport);
        editor.Reset(message);

        Span<byte> via = stackalloc byte[outbound.ViaPrefix.Length + AckBranchPrefix.Length + 16];
        outbound.ViaPrefix.CopyTo(via);
        var w = outbound.ViaPrefix.Length;
        AckBranchPrefix.CopyTo(via[w..]);
        w += AckBranchPrefix.Length;
        var hash = new HashCode();
        if (message.TryGetTopVia(out var incoming))
        {
            hash.AddBytes(message[incoming.Branch]);
        }

        Utf8Formatter.TryFormat((uint)hash.ToHashCode(), via[w..], out var n, new System.Buffers.StandardFormat('x', 8));
        w += n;
        editor.AddTopVia(via[..w]);
        editor.DecrementMaxForwards();
        RemoveOwnRoutes(editor, plan);
        Identity.IdentityEditor.EditRequest(message, editor, default, null, Snapshot.Policy, null, Snapshot.Identity); // SipGuard's own headers, PPI, User-Agent
        if (plan.StripAssertedIdentity)
        {
            Security.InDialogIdentity.Strip(message, editor);
        }

        if (editor.TryWrite(workspace.Output, out var written))
        {
            Send(plan.Target, workspace.Output.AsSpan(0, written));
        }
    }

    /// <summary>The caller's top Via gets the received/rport stamp (<see cref="ViaStamp"/>); the rest of it stays as received.</summary>
    private static void StampSource(SipMessage message, Sip.Editing.SipMessageEditor editor, SipEndpoint source)
    {
        Span<byte> rport = stackalloc byte[8];
        Span<byte> received = stackalloc byte[10 + 64];
        var stamp = ViaStamp.Compute(message, source, rport, received);
        if (stamp.RportLength > 0)
        {
            editor.Insert(stamp.RportAt, rport[..stamp.RportLength]);
        }

        if (stamp.ReceivedLength > 0)
        {
            editor.Insert(stamp.ReceivedAt, received[..stamp.ReceivedLength]);
        }
    }

    private static void RemoveOwnRoutes(Sip.Editing.SipMessageEditor editor, in RequestPlan plan)
    {
        if (plan.OwnRouteCount == 2 && plan.OwnRoute(0).HeaderIndex == plan.OwnRoute(1).HeaderIndex)
        {
            // Both of a double Record-Route on one Route line: one removal, since two would overlap
            // on the comma between them and the edit would fail.
            var (header, first) = plan.OwnRoute(0);
            editor.RemoveValue(header, ByteRange.FromBounds(first.Offset, plan.OwnRoute(1).Value.End));
            return;
        }

        for (var i = 0; i < plan.OwnRouteCount; i++)
        {
            var (header, value) = plan.OwnRoute(i);
            editor.RemoveValue(header, value);
        }
    }

    /// <summary>
    /// One Record-Route when the call leaves on the transport it came in on, two when they differ
    /// (RFC 5658 double record-routing). The caller-facing one carries the dialog token binding
    /// this dialog to its two peers and, for a TCP caller, the flow token of its connection
    /// (<see cref="Security.DialogGuard"/>): in-dialog requests are routed only on their proof.
    /// </summary>
    private void AddRecordRoutes(Sip.Editing.SipMessageEditor editor, SipMessage request, in Source source, in OutboundTarget target)
    {
        var inbound = _local.For(source.Target.Transport);
        Span<byte> callerFacing = stackalloc byte[inbound.RecordRoute.Length + Security.DialogGuard.MaxParametersLength + 1];
        inbound.RecordRoute.CopyTo(callerFacing);
        var w = inbound.RecordRoute.Length;
        var flow = source.Target.Transport == SipTransportKind.Tcp ? source.Target.ConnectionId : 0;
        w += _dialogs.WriteRecordRouteParameters(
            callerFacing[w..],
            request,
            new Security.DialogPeer(source.Target.Transport, source.Target.Remote),
            new Security.DialogPeer(target.Transport, target.Remote),
            flow);
        callerFacing[w++] = (byte)'>';
        if (target.Transport != source.Target.Transport)
        {
            var outbound = _local.For(target.Transport);
            Span<byte> calleeFacing = stackalloc byte[outbound.RecordRoute.Length + 1];
            outbound.RecordRoute.CopyTo(calleeFacing);
            calleeFacing[^1] = (byte)'>';
            editor.AddRecordRoute(calleeFacing); // recorded first: ends up on top, nearest the callee
        }

        editor.AddRecordRoute(callerFacing[..w]);
    }

    /// <summary>Relays a response towards the caller with our Via removed and every other byte unchanged (§16.7).</summary>
    private int RelayResponse(ProxyWorkspace workspace, ProxyTransaction transaction, bool keep)
    {
        var editor = workspace.Editor;
        var response = workspace.Message;
        editor.Reset(response);
        if (response.ViaCount == 1)
        {
            RestoreRequestVias(workspace, transaction);
        }
        else
        {
            editor.RemoveTopVia();
        }

        Identity.IdentityEditor.EditResponse(response, editor, Snapshot.Identity); // proxy.strip_user_agent
        Span<byte> destination = keep ? transaction.LastResponse.GetBuffer(editor.GetLength()) : workspace.Output;
        if (!editor.TryWrite(destination, out var written))
        {
            return 0;
        }

        if (keep)
        {
            transaction.LastResponse.Commit(written);
        }

        Send(transaction.ReplyTarget, destination[..written]);
        var status = workspace.Message.StatusCode;
        _metrics.Response(status);
        if (status >= 200)
        {
            transaction.EndSpan(status);
        }
        return written;
    }

    /// <summary>
    /// A response that carries only our Via (a UAS that answered an INVITE with the Vias of our
    /// CANCEL, as some do for the 487) would reach the caller with none; it gets the Via lines of
    /// the request it answers, which is what RFC 3261 §8.2.6.2 asked of the UAS.
    /// </summary>
    private void RestoreRequestVias(ProxyWorkspace workspace, ProxyTransaction transaction)
    {
        var editor = workspace.Editor;
        var ours = workspace.Message.IndexOf(KnownHeader.Via);
        if (ours < 0 || !TryReadStored(workspace, transaction.Request, transaction.ReplyTarget.Transport, out var stored))
        {
            editor.RemoveTopVia();
            return;
        }

        var at = workspace.Message.Headers[ours].Line;
        foreach (var header in stored.Headers)
        {
            if (header.Id == KnownHeader.Via)
            {
                editor.Insert(at.Offset, stored[header.Line]);
            }
        }

        editor.Remove(at);
    }

    private void Send(in OutboundTarget target, ReadOnlySpan<byte> bytes)
    {
        var result = _transport.Send(target, bytes);
        if (result != SendResult.Sent)
        {
            Log.SendFailed(_logger, target.Remote, result);
        }
    }
}
