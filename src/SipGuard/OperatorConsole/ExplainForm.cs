namespace SipGuard.OperatorConsole;

/// <summary>The explain panel's form, as posted: the same fields as <c>sipguard explain</c>'s options.</summary>
internal sealed record ExplainForm(string? Source, string? From, IReadOnlyList<string>? Pai, string? Rpid, string? Privacy, string? To);
