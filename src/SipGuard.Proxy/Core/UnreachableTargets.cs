using Microsoft.Extensions.Logging;
using SipGuard.Proxy.Transactions;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Core;

/// <summary>
/// A TCP connect to a target failed (refused, or no answer within the connect timeout): every try
/// still waiting on that target without an answer failed at the transport, as a send error would
/// have. It fails over to the next target, or the caller hears 503 now instead of 408 at Timer B.
/// </summary>
/// <remarks>
/// The transport reports the failure after the connect, not per message, so the tries are found
/// by a scan of the table: a rare event (a breaker soon keeps calls off a dead target), never on
/// the call path.
/// </remarks>
internal sealed class UnreachableTargets
{
    private readonly TransactionTable _table;
    private readonly WorkspacePool _workspaces;
    private readonly TargetFailover _failover;
    private readonly UpstreamTargets _targets;
    private readonly LocalReplies _replies;
    private readonly ILogger _logger;

    public UnreachableTargets(TransactionTable table, WorkspacePool workspaces, TargetFailover failover, UpstreamTargets targets, LocalReplies replies, ILogger logger)
    {
        _table = table;
        _workspaces = workspaces;
        _failover = failover;
        _targets = targets;
        _replies = replies;
        _logger = logger;
    }

    public void OnConnectFailed(in OutboundTarget target)
    {
        var workspace = _workspaces.Rent();
        try
        {
            for (var slot = 0; slot < _table.Capacity; slot++)
            {
                if (_table.At(slot) is not { InUse: true } transaction || !IsWaitingOn(transaction.Client, target))
                {
                    continue;
                }

                lock (transaction)
                {
                    if (transaction.InUse && IsWaitingOn(transaction.Client, target))
                    {
                        Fail(workspace, transaction);
                        _table.ReleaseIfDone(transaction);
                    }
                }
            }
        }
        catch (Exception exception)
        {
            Log.ConnectFailureFailed(_logger, exception, target.Remote);
        }
        finally
        {
            _workspaces.Return(workspace);
        }
    }

    private void Fail(ProxyWorkspace workspace, ProxyTransaction transaction)
    {
        var client = transaction.Client;
        _targets.Failed(client);
        if (_failover.TryFailover(workspace, transaction, "connect failed"))
        {
            return;
        }

        client.GiveUp();
        _replies.RespondFromStoredRequest(workspace, transaction, 503, "Service Unavailable"u8, "upstream-unreachable"u8);
    }

    /// <summary>A try sent to <paramref name="target"/> over a new connection (not a flow back to a caller) that has had no answer.</summary>
    private static bool IsWaitingOn(ClientTransaction client, in OutboundTarget target) =>
        client.State == ClientState.Calling && client.Upstream.ConnectionId == 0 &&
        client.Upstream.Transport == target.Transport && client.Upstream.Remote == target.Remote;
}
