using System.Buffers.Text;
using System.Text;
using SipGuard.Proxy.Routing;
using SipGuard.Proxy.Security;
using SipGuard.Proxy.Transactions;
using SipGuard.Sip.Editing;
using SipGuard.Sip.Headers;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Core;

/// <summary>
/// The edits a forwarded request gets (RFC 3261 §16.6), recorded on the workspace's editor: our
/// Via, the caller's received/rport stamp, Max-Forwards minus one, our Route entries removed, the
/// identity edits of the trust boundary, Record-Route, the grey-list label; every other byte as
/// received. Also the rewrite of a forwarded request for a try on another transport.
/// </summary>
internal sealed class ForwardEditor
{
    private readonly LocalAddresses _local;
    private readonly BranchSeal _branches;
    private readonly DialogGuard _dialogs;

    public ForwardEditor(LocalAddresses local, BranchSeal branches, DialogGuard dialogs)
    {
        _local = local;
        _branches = branches;
        _dialogs = dialogs;
    }

    private static ReadOnlySpan<byte> AckBranchPrefix => "z9hG4bK-sa"u8;

    /// <summary>The edits of a request its transaction forwards; the branch names the transaction's slot, generation, attempt and seal.</summary>
    public void EditForTransaction(ProxyWorkspace workspace, ProxyTransaction transaction, ProxySnapshot snapshot, in MessageSource source, in RequestPlan plan)
    {
        var message = workspace.Message;
        var editor = workspace.Editor;
        var outbound = _local.For(plan.Target);
        editor.Reset(message);

        Span<byte> via = stackalloc byte[outbound.ViaPrefix.Length + BranchId.Length + 6];
        outbound.ViaPrefix.CopyTo(via);
        var w = outbound.ViaPrefix.Length;
        w += BranchId.Write(via[w..], _branches, transaction.Slot, transaction.Generation, transaction.Client.Attempt, transaction.Nonce);
        ";rport"u8.CopyTo(via[w..]);
        editor.AddTopVia(via[..(w + 6)]);
        StampSource(message, editor, source.Target.Remote);
        editor.DecrementMaxForwards();
        RemoveOwnRoutes(editor, plan);
        Identity.IdentityEditor.EditRequest(message, editor, plan.Decision, plan.Trunk, snapshot.Policy, plan.Upstream, snapshot.Identity); // the trust boundary (RFC 3325)
        if (plan.StripAssertedIdentity)
        {
            InDialogIdentity.Strip(message, editor);
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
    }

    /// <summary>The edits of an ACK for a 2xx, relayed without a transaction: a Via whose branch is derived from the incoming one.</summary>
    public void EditAck(ProxyWorkspace workspace, in RequestPlan plan, ProxySnapshot snapshot)
    {
        var message = workspace.Message;
        var editor = workspace.Editor;
        var outbound = _local.For(plan.Target);
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
        Identity.IdentityEditor.EditRequest(message, editor, default, null, snapshot.Policy, null, snapshot.Identity); // SipGuard's own headers, PPI, User-Agent
        if (plan.StripAssertedIdentity)
        {
            InDialogIdentity.Strip(message, editor);
        }
    }

    /// <summary>True when a try moving from <paramref name="from"/> to <paramref name="to"/> leaves from another listener (transport or address family), so Via and Record-Route change.</summary>
    public bool LeavesFromAnotherListener(in OutboundTarget from, in OutboundTarget to) => !ReferenceEquals(_local.For(from), _local.For(to));

    /// <summary>
    /// A forwarded request moving to a target on another listener (transport or address family):
    /// our Via names the new listener (same branch), and the callee-facing Record-Route of double
    /// record-routing (RFC 5658) is added, replaced or removed to match. The dialog token is rebound
    /// by the caller once the bytes are final.
    /// </summary>
    public void EditForTransport(SipMessageEditor editor, SipMessage forwarded, in ViaValue via, in OutboundTarget from, in OutboundTarget to, in OutboundTarget caller, bool recordRouted)
    {
        editor.Reset(forwarded);
        var outbound = _local.For(to);
        var branch = forwarded[via.Branch];
        Span<byte> value = stackalloc byte[outbound.ViaPrefix.Length + branch.Length + 6];
        outbound.ViaPrefix.CopyTo(value);
        branch.CopyTo(value[outbound.ViaPrefix.Length..]);
        ";rport"u8.CopyTo(value[(outbound.ViaPrefix.Length + branch.Length)..]);
        editor.ReplaceHeaderValue(forwarded.IndexOf(KnownHeader.Via), value);
        if (!recordRouted)
        {
            return;
        }

        var inbound = _local.For(caller);
        var hadCalleeFacing = !ReferenceEquals(_local.For(from), inbound);
        var needsCalleeFacing = !ReferenceEquals(outbound, inbound);
        var top = forwarded.IndexOf(KnownHeader.RecordRoute);
        Span<byte> calleeFacing = stackalloc byte[outbound.RecordRoute.Length + 1];
        outbound.RecordRoute.CopyTo(calleeFacing);
        calleeFacing[^1] = (byte)'>';
        if (hadCalleeFacing && needsCalleeFacing && top >= 0)
        {
            editor.ReplaceHeaderValue(top, calleeFacing);
        }
        else if (hadCalleeFacing && top >= 0)
        {
            editor.RemoveHeader(top);
        }
        else if (needsCalleeFacing)
        {
            editor.AddRecordRoute(calleeFacing); // above the caller-facing one, nearest the callee
        }
    }

    /// <summary>The caller's top Via gets the received/rport stamp (<see cref="ViaStamp"/>); the rest of it stays as received.</summary>
    private static void StampSource(SipMessage message, SipMessageEditor editor, SipEndpoint source)
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

    private static void RemoveOwnRoutes(SipMessageEditor editor, in RequestPlan plan)
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
    /// One Record-Route when the call leaves from the listener it came in on, two when they differ
    /// in transport or address family (RFC 5658 double record-routing). The caller-facing one carries the dialog token binding
    /// this dialog to its two peers and, for a TCP caller, the flow token of its connection
    /// (<see cref="DialogGuard"/>): in-dialog requests are routed only on their proof.
    /// </summary>
    private void AddRecordRoutes(SipMessageEditor editor, SipMessage request, in MessageSource source, in OutboundTarget target)
    {
        var inbound = _local.For(source.Target);
        Span<byte> callerFacing = stackalloc byte[inbound.RecordRoute.Length + DialogGuard.MaxParametersLength + 1];
        inbound.RecordRoute.CopyTo(callerFacing);
        var w = inbound.RecordRoute.Length;
        var flow = source.Target.Transport != SipTransportKind.Udp ? source.Target.ConnectionId : 0;
        w += _dialogs.WriteRecordRouteParameters(
            callerFacing[w..],
            request,
            new DialogPeer(source.Target.Transport, source.Target.Remote),
            new DialogPeer(target.Transport, target.Remote),
            flow);
        callerFacing[w++] = (byte)'>';
        var outbound = _local.For(target);
        if (!ReferenceEquals(outbound, inbound))
        {
            Span<byte> calleeFacing = stackalloc byte[outbound.RecordRoute.Length + 1];
            outbound.RecordRoute.CopyTo(calleeFacing);
            calleeFacing[^1] = (byte)'>';
            editor.AddRecordRoute(calleeFacing); // recorded first: ends up on top, nearest the callee
        }

        editor.AddRecordRoute(callerFacing[..w]);
    }
}
