namespace SipGuard.Proxy.Transactions;

/// <summary>Result of <see cref="TransactionTable.FindOrCreate"/>.</summary>
internal enum ServerLookup : byte
{
    /// <summary>A transaction with this key exists: the request is a retransmission (or the ACK/CANCEL of it).</summary>
    Found,
    /// <summary>A new transaction was created and indexed under the key.</summary>
    Created,
    /// <summary>No transaction has this key and none was asked for.</summary>
    NotFound,
    /// <summary>No transaction has this key and the table is full (503 + Retry-After).</summary>
    Full,
}
