namespace SipGuard.Proxy.Screening;

internal sealed class NullScreeningObserver : IScreeningObserver
{
    public static NullScreeningObserver Instance { get; } = new();

    public bool OnScreened(in ScreeningEvent screening) => true;

    public void OnSourceBlocked(in SourceBlockEvent block)
    {
    }
}
