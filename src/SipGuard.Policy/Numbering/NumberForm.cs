namespace SipGuard.Policy;

/// <summary>How the caller wrote the number (for explain and evidence).</summary>
public enum NumberForm
{
    /// <summary>No number: empty user part or letters (<c>anonymous</c>, <c>alice</c>).</summary>
    NotANumber,
    /// <summary><c>+86…</c></summary>
    International,
    /// <summary><c>0086…</c> (international call prefix).</summary>
    InternationalPrefix,
    /// <summary><c>86…</c> without a '+', taken as a country code because only that reading is valid.</summary>
    CountryCodeWithoutPlus,
    /// <summary><c>0AA…</c>: trunk prefix and area code.</summary>
    National,
    /// <summary>National significant number without trunk prefix (<c>138…</c>, <c>95555</c>).</summary>
    NationalSignificant,
    /// <summary>A local number placed by a global <c>phone-context</c>.</summary>
    PhoneContext,
}
