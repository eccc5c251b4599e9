using SipGuard.Configuration;

namespace SipGuard.Reload;

/// <summary>What one reload attempt did.</summary>
/// <param name="Applied">True when the new config now runs; false when the old one was kept.</param>
/// <param name="Generation">The generation running after the attempt.</param>
/// <param name="Trigger">What asked for it: a changed file's path, <c>SIGHUP</c>, or a caller's reason.</param>
/// <param name="Errors">Why it was rejected (empty when applied).</param>
public sealed record ReloadOutcome(bool Applied, long Generation, string Trigger, IReadOnlyList<ConfigError> Errors);
