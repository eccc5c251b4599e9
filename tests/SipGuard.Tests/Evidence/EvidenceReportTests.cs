using SipGuard.Evidence;
using SipGuard.Policy;

namespace SipGuard.Tests.Evidence;

public sealed class EvidenceReportTests : IDisposable
{
    private static readonly DateTimeOffset Mar1 = EvidenceFixture.Day1;
    private static readonly DateTimeOffset Mar2 = Mar1.AddDays(1);
    private static readonly DateTimeOffset Mar3 = Mar1.AddDays(2);

    // (day, trunk, rule, caller, outcome, how many): what is written; the report must count exactly this.
    private static readonly (DateTimeOffset Day, string Trunk, string Rule, string Caller, DecisionOutcome Outcome, int Count)[] Table =
    [
        (Mar1, "acme-line-1", "caller-not-allowed", "+8613712340404", DecisionOutcome.Reject, 7),
        (Mar1, "acme-line-1", "anonymous-caller", "+8613712340405", DecisionOutcome.Reject, 2),
        (Mar1, "intl-gw", "domestic-caller-on-international", "+8613800000001", DecisionOutcome.Reject, 12),
        (Mar2, "acme-line-1", "caller-not-allowed", "+8613712340404", DecisionOutcome.Reject, 3),
        (Mar2, "monitor-line", "caller-not-allowed", "+8613712340406", DecisionOutcome.WouldReject, 5),
        (Mar2, "acme-line-1", "grey-list", "+8613712340407", DecisionOutcome.Tag, 4),
        (Mar3, "intl-gw", "domestic-caller-on-international", "+8613800000002", DecisionOutcome.Reject, 1),
    ];

    private readonly EvidenceFixture _log = new();

    public EvidenceReportTests() =>
        _log.Write(Table.SelectMany(r => Enumerable.Range(0, r.Count).Select(i =>
            new EvidenceFixture.Entry(r.Day.AddSeconds(i), r.Trunk, r.Rule, r.Caller, r.Outcome))), maxFileBytes: 8192);

    public void Dispose() => _log.Dispose();

    public static TheoryData<string?, string?> Ranges => new()
    {
        { null, null },
        { "2026-03-01", "2026-03-01" },
        { "2026-03-02", "2026-03-03" },
        { "2026-03-02", null },
        { "2026-03-04", "2026-03-31" },
    };

    [Theory]
    [MemberData(nameof(Ranges))]
    public void Report_counts_by_trunk_reason_and_day_equal_what_was_written(string? from, string? to)
    {
        DateOnly? lo = from is null ? null : DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture);
        DateOnly? hi = to is null ? null : DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture);
        var written = Table.Where(r => InRange(DateOnly.FromDateTime(r.Day.UtcDateTime), lo, hi)).ToList();

        var report = EvidenceReport.Build(_log.Directory, lo, hi);

        report.Records.Should().Be(written.Sum(r => r.Count));
        report.Rows.Should().BeEquivalentTo(written
            .GroupBy(r => (DateOnly.FromDateTime(r.Day.UtcDateTime), r.Trunk, r.Rule))
            .Select(g => new ReportRow(g.Key.Item1, g.Key.Trunk, g.Key.Rule, g.Sum(r => r.Count))));
        report.TopCallers.Should().Equal(written
            .Where(r => r.Outcome is DecisionOutcome.Reject or DecisionOutcome.WouldReject)
            .GroupBy(r => r.Caller)
            .Select(g => new ReportCaller(g.Key, g.Sum(r => r.Count)))
            .OrderByDescending(c => c.Count).ThenBy(c => c.Number, StringComparer.Ordinal)
            .Take(EvidenceReport.TopCallerCount));
    }

    [Fact]
    public void Report_command_prints_csv_rows_and_registrations_from_the_config()
    {
        using var config = new TestSupport.TempConfig();

        var (exit, output, error) = EvidenceVerifierTests.Run("report", "--evidence", _log.Directory, "--from", "2026-03-01", "--to", "2026-03-01", "--format", "csv", "--config", config.ConfigPath);

        error.Should().BeEmpty();
        exit.Should().Be(0);
        output.Should().Contain("interceptions,2026-03-01,acme-line-1,caller-not-allowed,,7");
        output.Should().Contain("top-caller,,,,+8613800000001,12");
        output.Should().NotContain("2026-03-02");
        output.Should().Contain("trunk,kind,customer,purpose,line_type,location,peer_device").And.Contain("acme-line-1,private-line,");
    }

    private static bool InRange(DateOnly day, DateOnly? lo, DateOnly? hi) => (lo is null || day >= lo) && (hi is null || day <= hi);
}
