namespace SipGuard.Resolution;

/// <summary>A DNS server failed or did not answer: the last good answer stays in force.</summary>
internal sealed class DnsLookupException : Exception
{
    public DnsLookupException(string message)
        : base(message)
    {
    }

    public DnsLookupException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public DnsLookupException()
    {
    }
}
