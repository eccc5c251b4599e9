namespace SipGuard.Proxy.Transactions;

/// <summary>Receives the timers of the transactions it owns (the proxy).</summary>
internal interface ITransactionOwner
{
    void OnTransactionTimer(ProxyTransaction transaction, TransactionTimer timer, uint generation);
}
