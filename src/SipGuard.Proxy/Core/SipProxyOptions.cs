using SipGuard.Sip.Parsing;

namespace SipGuard.Proxy.Core;

/// <summary>Settings fixed for the life of the process (changing them needs a restart).</summary>
public sealed record SipProxyOptions(int MaxTransactions, SipParserLimits ParserLimits)
{
    public static SipProxyOptions Default { get; } = new(100_000, SipParserLimits.Default);
}
