using System.CommandLine;
using SipGuard.Cli;
using SipGuard.Evidence;
using SipGuard.Hosting;

namespace SipGuard.Tests.Evidence;

public sealed class EvidenceVerifierTests : IDisposable
{
    private readonly EvidenceFixture _log = new();

    public void Dispose() => _log.Dispose();

    [Fact]
    public void An_untouched_log_rotated_by_size_and_by_day_verifies_intact()
    {
        var day2 = EvidenceFixture.Day1.AddDays(1);
        _log.Write(
            Enumerable.Range(0, 60).Select(i => new EvidenceFixture.Entry(
                (i < 30 ? EvidenceFixture.Day1 : day2).AddSeconds(i), "acme-line-1", "caller-not-allowed", "+8613712340404", Policy.DecisionOutcome.Reject)),
            maxFileBytes: 4096);

        _log.Files.Count.Should().BeGreaterThan(2);
        _log.Files.Select(Path.GetFileName).Should().Contain(["evidence-20260301-001.jsonl", "evidence-20260302-001.jsonl"]);
        var result = EvidenceVerifier.Verify(_log.Directory);

        result.Intact.Should().BeTrue(result.Break?.ToString());
        result.Records.Should().Be(60);
    }

    [Fact]
    public void A_log_reopened_after_a_restart_continues_the_same_chain()
    {
        _log.Write(5);
        _log.Write(5);

        var result = EvidenceVerifier.Verify(_log.Directory);

        result.Intact.Should().BeTrue(result.Break?.ToString());
        result.Records.Should().Be(10);
        File.ReadLines(_log.Files[^1]).Last().Should().StartWith("{\"seq\":10,");
    }

    [Fact]
    public void An_edited_field_is_reported_as_an_edit_of_that_line()
    {
        _log.Write(10);
        EditLines(0, lines => lines[3] = lines[3].Replace("+8613712340003", "+8613712349999", StringComparison.Ordinal));

        Break().Should().Be(new EvidenceBreak(_log.FileName(0), 4, EvidenceBreakKind.Edited, "its hash does not match the prev of seq 5 on the next line"));
    }

    [Fact]
    public void A_deleted_line_is_reported_as_a_deletion_where_the_gap_is()
    {
        _log.Write(10);
        EditLines(0, lines => lines.RemoveAt(4));

        var broken = Break();
        broken.Kind.Should().Be(EvidenceBreakKind.Deleted);
        broken.Line.Should().Be(5);
        broken.Detail.Should().Contain("seq 5 is missing");
    }

    [Fact]
    public void A_deleted_file_is_reported_as_a_deletion()
    {
        _log.Write(30, maxFileBytes: 4096);
        _log.Files.Count.Should().BeGreaterThan(2);
        File.Delete(_log.Files[1]);

        Break().Kind.Should().Be(EvidenceBreakKind.Deleted);
    }

    [Fact]
    public void A_copied_line_inserted_later_is_reported_as_an_insertion_at_the_copy()
    {
        _log.Write(10);
        EditLines(0, lines => lines.Insert(6, lines[2]));

        var broken = Break();
        broken.Kind.Should().Be(EvidenceBreakKind.Inserted);
        broken.Line.Should().Be(7);
    }

    [Fact]
    public void A_forged_line_inserted_in_the_middle_is_reported_as_an_insertion()
    {
        _log.Write(10);
        EditLines(0, lines => lines.Insert(5, lines[9].Replace("\"seq\":10,", "\"seq\":11,", StringComparison.Ordinal)));

        Break().Should().Match<EvidenceBreak>(b => b.Kind == EvidenceBreakKind.Inserted && b.Line == 6);
    }

    [Fact]
    public void Two_swapped_lines_are_reported_as_reordered()
    {
        _log.Write(10);
        EditLines(0, lines => (lines[3], lines[4]) = (lines[4], lines[3]));

        Break().Should().Match<EvidenceBreak>(b => b.Kind == EvidenceBreakKind.Reordered && b.Line == 4);
    }

    [Fact]
    public void Two_swapped_last_lines_are_reported_as_reordered()
    {
        _log.Write(10);
        EditLines(0, lines => (lines[8], lines[9]) = (lines[9], lines[8]));

        Break().Should().Match<EvidenceBreak>(b => b.Kind == EvidenceBreakKind.Reordered && b.Line == 9);
    }

    [Fact]
    public void Verify_command_exits_zero_for_an_intact_log_and_one_naming_file_and_line_for_a_broken_one()
    {
        _log.Write(10);
        Run("evidence", "verify", _log.Directory).Exit.Should().Be(0);

        EditLines(0, lines => lines.RemoveAt(2));
        var (exit, _, error) = Run("evidence", "verify", _log.Directory);

        exit.Should().Be(1);
        error.Should().Contain($"{_log.FileName(0)}:3: deleted:");
    }

    private EvidenceBreak Break()
    {
        var result = EvidenceVerifier.Verify(_log.Directory);
        result.Intact.Should().BeFalse();
        return result.Break!;
    }

    private void EditLines(int file, Action<List<string>> edit)
    {
        var path = _log.Files[file];
        var lines = File.ReadAllLines(path).ToList();
        edit(lines);
        File.WriteAllText(path, string.Concat(lines.Select(l => l + "\n")));
    }

    internal static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = SipGuardCli.Build(HostSeams.Default).Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
