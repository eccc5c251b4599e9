using SipGuard.OperatorConsole;

namespace SipGuard.Tests.OperatorConsole;

public sealed class EvidenceBrowserTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sipguard-browser-").FullName;

    public EvidenceBrowserTests()
    {
        File.WriteAllLines(Path.Combine(_dir, "evidence-20260101-001.jsonl"),
        [
            """{"seq":1,"prev":"","time":"2026-01-01T10:00:00.000Z","trunk":"a","from":"<sip:+8613912345678@h>","caller":"+8613912345678","decision":"reject","rule":"caller-not-allowed"}""",
            """{"seq":2,"prev":"x","time":"2026-01-01T11:00:00.000Z","trunk":"b","from":"<sip:+8613800000000@h>","caller":"+8613800000000","decision":"reject","rule":"blacklisted"}""",
            """{"seq":3,"prev":"y","time":"2026-01-01T11:30:00.000Z","type":"list-change","by":"ops","action":"add","list":"police","entries":["+8613912345678"]}""",
            """{"seq":4,"prev":"z","time":"2026-01-01T12:00:00.000Z","trunk":"a","from":"<sip:+8613700000000@h>","caller":"+8613700000000","decision":"tag","rule":"grey-listed"}""",
            "{\"seq\":5, cut by a crash",
        ]);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private long[] Seqs(EvidenceQuery query) => new EvidenceBrowser(_dir).Latest(query).Select(r => (long)r["seq"]!).ToArray();

    [Fact]
    public void Newest_first_without_list_changes_or_cut_lines()
    {
        Seqs(new(null, null, null, null, null, 10)).Should().Equal(4, 2, 1);
        Seqs(new(null, null, null, null, null, 1)).Should().Equal(4);
    }

    [Fact]
    public void Filters_by_trunk_reason_number_and_time()
    {
        Seqs(new("a", null, null, null, null, 10)).Should().Equal(4, 1);
        Seqs(new(null, "blacklisted", null, null, null, 10)).Should().Equal(2);
        Seqs(new(null, null, "139 1234 5678", null, null, 10)).Should().Equal(1);
        Seqs(new(null, null, null, new DateTimeOffset(2026, 1, 1, 10, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 1, 11, 45, 0, TimeSpan.Zero), 10)).Should().Equal(2);
    }

    [Fact]
    public void A_missing_folder_has_no_records()
    {
        new EvidenceBrowser(Path.Combine(_dir, "none")).Latest(new(null, null, null, null, null, 10)).Should().BeEmpty();
    }
}
