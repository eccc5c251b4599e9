namespace SipGuard.OperatorConsole;

/// <summary>One reload attempt as the config panel lists it.</summary>
internal sealed record ReloadEntry(DateTimeOffset At, string Trigger, bool Applied, long Generation, IReadOnlyList<string> Errors);
