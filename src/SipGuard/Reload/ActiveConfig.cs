using SipGuard.Configuration;

namespace SipGuard.Reload;

/// <summary>What is running: the compiled snapshot, the config it came from, and which load it was.</summary>
/// <param name="Snapshot">Compiled from <paramref name="Config"/>; what requests read.</param>
/// <param name="Config">The validated config, for reports and the admin endpoint.</param>
/// <param name="Generation">1 for the start-up load, +1 for each applied reload.</param>
/// <param name="LoadedAt">When it was applied (from the host's <see cref="TimeProvider"/>).</param>
public sealed record ActiveConfig<TSnapshot>(TSnapshot Snapshot, SipGuardConfig Config, long Generation, DateTimeOffset LoadedAt)
    where TSnapshot : class;
