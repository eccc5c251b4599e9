namespace SipGuard.Reload;

/// <summary>
/// Holds the running <see cref="ActiveConfig{TSnapshot}"/>. A reload replaces it with one volatile write, so a
/// request that reads <see cref="Current"/> once sees one consistent config from start to end, and readers
/// never take a lock.
/// </summary>
public sealed class ConfigStore<TSnapshot>
    where TSnapshot : class
{
    private ActiveConfig<TSnapshot>? _current;

    /// <summary>The running config; read it once per request and keep the reference.</summary>
    /// <exception cref="InvalidOperationException">Before the first successful load (a start-up bug, not bad input).</exception>
    public ActiveConfig<TSnapshot> Current =>
        Volatile.Read(ref _current) ?? throw new InvalidOperationException("No config has been loaded yet.");

    public bool HasValue => Volatile.Read(ref _current) is not null;

    /// <summary>Publishes <paramref name="next"/> to every reader that comes after.</summary>
    public void Publish(ActiveConfig<TSnapshot> next) => Volatile.Write(ref _current, next);
}
