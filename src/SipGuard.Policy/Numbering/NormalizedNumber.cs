namespace SipGuard.Policy;

/// <summary>A caller user part after normalisation to E.164.</summary>
/// <param name="Number">The E.164 number, or <see cref="E164Number.None"/> when the user part is not a number.</param>
/// <param name="Form">How it was written.</param>
/// <param name="Anomalies">What was wrong with it; non-zero makes the number invalid.</param>
internal readonly record struct NormalizedNumber(E164Number Number, NumberForm Form, NumberAnomaly Anomalies)
{
    /// <summary>True when the identity presents a number (even an anomalous one).</summary>
    public bool HasNumber => !Number.IsEmpty || Anomalies != NumberAnomaly.None;
}
