using SipGuard.Proxy.Resilience;
using SipGuard.Proxy.Security;
using SipGuard.Proxy.Telemetry;
using SipGuard.Proxy.Transactions;
using SipGuard.Sip.Messages;

namespace SipGuard.Proxy.Core;

/// <summary>
/// §16.7: a response finds its transaction by our Via branch; anything else is dropped. It is
/// taken only with the branch's keyed part and from where the request went
/// (<see cref="ResponseOrigin"/>): a stranger who learnt or guessed slot and generation still
/// cannot answer for the upstream. Answers to our probes go to the prober. Refusals are counted by
/// reason.
/// </summary>
internal sealed class ResponseMatcher
{
    private readonly TransactionTable _table;
    private readonly BranchSeal _branches;
    private readonly UpstreamProber _prober;
    private readonly ClientResponses _responses;
    private readonly ProxyMetrics _metrics;

    public ResponseMatcher(TransactionTable table, BranchSeal branches, UpstreamProber prober, ClientResponses responses, ProxyMetrics metrics)
    {
        _table = table;
        _branches = branches;
        _prober = prober;
        _responses = responses;
        _metrics = metrics;
    }

    public void OnResponse(ProxyWorkspace workspace, in MessageSource source)
    {
        var message = workspace.Message;
        if (!message.TryGetTopVia(out var via) || !message.TryGetCSeq(out var cseq))
        {
            return;
        }

        var branch = message[via.Branch];
        if (!BranchId.TryRead(branch, out var slot, out var generation, out var attempt))
        {
            if (branch.StartsWith(UpstreamProber.BranchPrefix))
            {
                _prober.OnResponse(branch, message.StatusCode);
                return;
            }

            _metrics.ResponseRefused("unknown-branch");
            return;
        }

        var transaction = _table.FindByBranch(slot, generation);
        if (transaction is null)
        {
            return; // late: the transaction is over (a retransmission after Timer D/K/L)
        }

        lock (transaction)
        {
            if (!transaction.InUse || transaction.Generation != generation || cseq.Method == SipMethod.Cancel)
            {
                return; // the 200 to our CANCEL ends there (§16.10)
            }

            if (!_branches.Verify(BranchId.SealOf(branch), slot, generation, attempt, transaction.Nonce))
            {
                _metrics.ResponseRefused("forged-branch");
                return;
            }

            if (transaction.Client.Attempt != attempt)
            {
                return; // a late answer from a try abandoned for failover: that branch is over for us
            }

            if (!ResponseOrigin.IsExpected(transaction.Client.Upstream, source.Target))
            {
                _metrics.ResponseRefused("wrong-origin");
                return;
            }

            _responses.OnResponse(workspace, transaction);
            _table.ReleaseIfDone(transaction);
        }
    }
}
