using System.Text;

namespace SipGuard.Policy;

/// <summary>Everything <c>sipguard explain</c> shows: identities, every rule in order, the response.</summary>
public sealed class PolicyTrace
{
    private readonly List<IdentityTrace> _identities = [];
    private readonly List<TraceStep> _steps = [];

    internal PolicyTrace(string source, PrivacyFlags privacy)
    {
        Source = source;
        Privacy = privacy;
    }

    /// <summary>The source address and port, as text.</summary>
    public string Source { get; }

    /// <summary>Tokens of the Privacy header.</summary>
    public PrivacyFlags Privacy { get; }

    /// <summary>The trunk the source matched; null for an unknown peer.</summary>
    public string? TrunkId { get; internal set; }

    /// <summary>Each identity as presented and as normalised, in the attempt's order.</summary>
    public IReadOnlyList<IdentityTrace> Identities => _identities;

    /// <summary>Each rule applied, in decision order, up to the one that decided.</summary>
    public IReadOnlyList<TraceStep> Steps => _steps;

    /// <summary>The verdict, the same <see cref="PolicySnapshot.Decide"/> returns.</summary>
    public Decision Decision { get; internal set; }

    internal void Add(IdentityTrace identity) => _identities.Add(identity);

    internal void Add(TraceStep step) => _steps.Add(step);

    /// <summary>The trace as <c>sipguard explain</c> prints it.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append("source ").Append(Source).Append(" -> trunk ").AppendLine(TrunkId ?? "(none)");
        sb.Append("privacy: ").AppendLine(Privacy.ToString());
        foreach (var id in _identities)
        {
            sb.Append("  [").Append(id.Index).Append("] ").Append(id.Presented).Append("  =>  ")
              .Append(id.Normalized.Length == 0 ? "(no number)" : id.Normalized)
              .Append(" form=").Append(id.Form);
            if (id.Anomalies != NumberAnomaly.None)
            {
                sb.Append(" anomalies=").Append(id.Anomalies);
            }

            if (id.ValidInPlan is { } v)
            {
                sb.Append(v ? " valid" : " INVALID");
            }

            if (id.Anonymous)
            {
                sb.Append(" anonymous");
            }

            if (id.Withholds)
            {
                sb.Append(" withholds");
            }

            sb.AppendLine();
        }

        foreach (var s in _steps)
        {
            sb.Append(s.Step).Append(". ").Append(s.Rule).Append(": ").Append(s.Verdict).Append(" - ").AppendLine(s.Detail);
        }

        sb.Append("=> ").Append(Decision.ToString());
        return sb.ToString();
    }
}
