namespace SipGuard.Policy.NumberSets;

/// <summary>One entry of a number set: <c>+861066022236</c>, <c>+86106602*</c> or <c>+8610660220000..+8610660229999</c>.</summary>
internal readonly record struct NumberPattern(NumberPatternKind Kind, E164Number Low, E164Number High);
