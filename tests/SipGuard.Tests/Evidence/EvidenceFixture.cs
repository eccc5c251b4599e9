using Microsoft.Extensions.Logging.Abstractions;
using SipGuard.Configuration;
using SipGuard.Evidence;
using SipGuard.Policy;

namespace SipGuard.Tests.Evidence;

/// <summary>A temporary evidence folder and a way to fill it with records, as the writer would.</summary>
internal sealed class EvidenceFixture : IDisposable
{
    public static readonly DateTimeOffset Day1 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    public EvidenceFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "sipguard-evidence-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public EvidenceSettings Settings(long maxFileBytes = 64L * 1024 * 1024, EvidenceOverflow overflow = EvidenceOverflow.Block, int capacity = 1024, TimeSpan? blockTimeout = null, string? signingKey = null, int checkpointEvery = 1000, double sampleAllowed = 0) =>
        new(Directory, maxFileBytes, overflow, capacity, blockTimeout ?? TimeSpan.FromMinutes(5), signingKey, checkpointEvery, sampleAllowed);

    /// <summary>Writes the records through the real file sink (chain, rotation) and closes it.</summary>
    public void Write(IEnumerable<Entry> entries, long maxFileBytes = 64L * 1024 * 1024, CheckpointSigner? signer = null, int checkpointEvery = 1000, bool shutdown = true)
    {
        using var metrics = new EvidenceMetrics(() => 0);
        using var sink = new EvidenceFileSink(Settings(maxFileBytes, checkpointEvery: checkpointEvery), metrics, NullLogger.Instance, signer: signer);
        sink.Open();
        var last = 0L;
        foreach (var e in entries)
        {
            sink.TryAppend(ToRecord(e), null).Should().BeTrue();
            last = e.Time.ToUnixTimeMilliseconds();
        }

        if (shutdown)
        {
            sink.Checkpoint(EvidenceFileSink.Shutdown, last);
        }

        sink.Commit().Should().BeTrue();
    }

    public void Write(int count, long maxFileBytes = 64L * 1024 * 1024, CheckpointSigner? signer = null, int checkpointEvery = 1000, bool shutdown = true, int first = 0) =>
        Write(Enumerable.Range(first, count).Select(i => new Entry(Day1.AddMinutes(i), "acme-line-1", "caller-not-allowed", "+8613712340" + (i % 1000).ToString("000", System.Globalization.CultureInfo.InvariantCulture), DecisionOutcome.Reject)), maxFileBytes, signer, checkpointEvery, shutdown);

    public IReadOnlyList<string> Files => EvidenceFileName.List(Directory).Select(f => f.Path).ToList();

    public string FileName(int index) => Path.GetFileName(Files[index]);

    /// <summary>The call records (not checkpoints or totals lines).</summary>
    public List<string> CallLines() => Files.SelectMany(File.ReadLines).Where(l => l.Contains("\"type\":\"call\"", StringComparison.Ordinal)).ToList();

    public long LineCount() => Files.Sum(f => File.ReadLines(f).LongCount());

    public static EvidenceRecord ToRecord(Entry e)
    {
        E164Number.TryParse(e.Caller, out var caller).Should().BeTrue();
        return new EvidenceRecord
        {
            UnixMilliseconds = e.Time.ToUnixTimeMilliseconds(),
            TrunkId = e.Trunk,
            RuleId = e.Rule,
            ReasonPhrase = "Forbidden",
            Status = 403,
            Outcome = e.Outcome,
            CallerNumber = caller,
            ResponseStatus = e.Outcome == DecisionOutcome.Reject ? 403 : 0,
        };
    }

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    /// <summary>What one record says, for tables of expectations.</summary>
    public sealed record Entry(DateTimeOffset Time, string Trunk, string Rule, string Caller, DecisionOutcome Outcome);
}
