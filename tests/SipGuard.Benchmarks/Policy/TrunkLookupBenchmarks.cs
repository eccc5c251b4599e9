using BenchmarkDotNet.Attributes;
using SipGuard.Policy;
using SipGuard.Policy.Configuration;

namespace SipGuard.Benchmarks.Policy;

/// <summary>
/// Finding the trunk of a request's source with 1, 100 and 10,000 single-address trunks (the growth
/// bench's layout: the others in 10.0.0.0/8, the caller's 127.0.0.1/32 named last). Budget: flat in
/// the number of trunks, 0 B.
/// </summary>
[MemoryDiagnoser]
public class TrunkLookupBenchmarks
{
    private PolicySnapshot _snapshot = null!;
    private SourceEndpoint _caller;

    [Params(1, 100, 10_000)]
    public int Trunks { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var trunks = Enumerable.Range(0, Trunks - 1)
            .Select(i => new TrunkConfig($"grow-{i}", TrunkKind.PrivateLine, [$"10.{i / 65536 % 256}.{i / 256 % 256}.{i % 256}/32"], TrunkMode.Enforce, [$"+8610{i:D8}"], false, null, [], null))
            .Append(new TrunkConfig("trunk-loopback", TrunkKind.PrivateLine, ["127.0.0.1/32"], TrunkMode.Enforce, ["+86106552*"], false, null, [], null))
            .ToList();
        var result = PolicyCompiler.Compile(new PolicyConfig(NumberingConfig.Default, trunks, [], [], Path.GetTempPath()));
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join('\n', result.Errors));
        }

        _snapshot = result.Snapshot!;
        _caller = SourceEndpoint.Parse("127.0.0.1", 5060);
        if (_snapshot.FindTrunk(_caller)?.Id != "trunk-loopback")
        {
            throw new InvalidOperationException("the caller's source does not find its trunk");
        }
    }

    [Benchmark]
    public TrunkSnapshot? FindTrunk() => _snapshot.FindTrunk(_caller);
}
