using FluentAssertions;
using SipGuard.Evidence;
using SipGuard.Policy;

namespace SipGuard.Tests.Evidence;

/// <summary>The receive threads' per-line, per-day counts: one tally per trunk id and UTC day, whatever string instance names the trunk.</summary>
public sealed class EvidenceTotalsTests
{
    private static readonly DateTimeOffset Day1 = new(2026, 12, 1, 23, 59, 0, TimeSpan.Zero);

    [Fact]
    public void Count_SameTrunkIdFromTwoConfigs_OneTally()
    {
        // A reload builds new trunk objects: the id is an equal string, not the same instance.
        var totals = new EvidenceTotals();
        totals.Count(new string("line-1".AsSpan()), Day1, DecisionOutcome.Allow, "allow");
        totals.Count(new string("line-1".AsSpan()), Day1, DecisionOutcome.Reject, "spoofed");
        totals.Count(new string("line-1".AsSpan()), Day1, DecisionOutcome.Reject, "spoofed");

        var delta = totals.Drain().Should().ContainSingle().Subject;
        delta.Trunk.Should().Be("line-1");
        (delta.Screened, delta.Allowed, delta.Intercepted).Should().Be((3, 1, 2));
        delta.Rules.Select(r => (r.Key, r.Value)).Should().Equal(("spoofed", 2L));
    }

    [Fact]
    public void Count_TrunksAndUtcDays_KeptApart()
    {
        var totals = new EvidenceTotals();
        totals.Count("line-1", Day1, DecisionOutcome.Allow, "allow");
        totals.Count("line-1", Day1.AddMinutes(2), DecisionOutcome.Allow, "allow");   // the next UTC day
        totals.Count("line-2", Day1, DecisionOutcome.Allow, "allow");
        totals.Count(null, Day1, DecisionOutcome.Reject, "unknown-peer");

        totals.Drain().Select(d => (d.Day, d.Trunk, d.Screened)).Should().Equal(
            (new DateOnly(2026, 12, 1), EvidenceReport.NoTrunk, 1L),
            (new DateOnly(2026, 12, 1), "line-1", 1L),
            (new DateOnly(2026, 12, 1), "line-2", 1L),
            (new DateOnly(2026, 12, 2), "line-1", 1L));
        totals.Drain().Should().BeEmpty("a drain takes the counts; nothing new was counted since");
    }
}
