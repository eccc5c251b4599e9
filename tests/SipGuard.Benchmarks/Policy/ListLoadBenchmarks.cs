using BenchmarkDotNet.Attributes;
using SipGuard.Policy;
using SipGuard.Policy.Configuration;

namespace SipGuard.Benchmarks.Policy;

/// <summary>
/// Loading a 10-million-entry list from its file (no cache): budget ≤ 5 s. The table's bytes per entry
/// (budget ≤ 16) are printed by the setup, as BenchmarkDotNet has no column for them.
/// </summary>
[MemoryDiagnoser]
public class ListLoadBenchmarks
{
    private readonly ListCache _cache = new();
    private PolicyConfig _config = null!;

    [GlobalSetup]
    public void Setup()
    {
        var list = BenchmarkListFile.EnsureWritten();
        // Compile the numbering tables once so the measurement is the list alone.
        PolicyCompiler.Compile(new PolicyConfig(NumberingConfig.Default, [], [], [], "."), _cache);
        _config = new PolicyConfig(NumberingConfig.Default, [], [], [new ListConfig("big", list, ListAction.Reject, 608, null, [])], Path.GetTempPath());
        var snapshot = Load();
        var l = snapshot.ListStatistics("big")!;
        Console.WriteLine($"// list entries={l.Entries} tableBytes={l.TableBytes} bytesPerEntry={(double)l.TableBytes / l.Entries:F2} loadTime={l.LoadTime.TotalMilliseconds:F0} ms");
    }

    [Benchmark]
    public PolicySnapshot Load()
    {
        _cache.ClearLists();
        var r = PolicyCompiler.Compile(_config, _cache);
        return r.Snapshot ?? throw new InvalidOperationException(string.Join('\n', r.Errors));
    }
}
