namespace SipGuard.Sip.Tests.Transports;

/// <summary>Upper bound for awaiting socket events, so a broken transport fails a test instead of hanging it.</summary>
internal static class Guard
{
    public static CancellationToken Token => new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;
}
