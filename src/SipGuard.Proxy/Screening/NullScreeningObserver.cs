namespace SipGuard.Proxy.Screening;

internal sealed class NullScreeningObserver : IScreeningObserver
{
    public static NullScreeningObserver Instance { get; } = new();

    public void OnScreened(in ScreeningEvent screening)
    {
    }

    public void OnSourceBlocked(in SourceBlockEvent block)
    {
    }
}
