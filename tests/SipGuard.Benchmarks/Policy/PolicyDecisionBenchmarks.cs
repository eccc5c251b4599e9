using System.Text;
using BenchmarkDotNet.Attributes;
using SipGuard.Policy;
using SipGuard.Policy.Configuration;

namespace SipGuard.Benchmarks.Policy;

/// <summary>
/// One decision against a private line with 25 allowed ranges, 20 special users and a 10-million-entry
/// blacklist. Budget: ≤ 1 µs and 0 B per decision.
/// </summary>
[MemoryDiagnoser]
public class PolicyDecisionBenchmarks
{
    private PolicySnapshot _snapshot = null!;
    private CallAttempt _allowed;
    private CallAttempt _spoofed;
    private CallAttempt _withheld;
    private CallAttempt _blacklisted;

    [GlobalSetup]
    public void Setup()
    {
        var list = BenchmarkListFile.EnsureWritten();
        string[] allowed =
        [
            "+86106552*", "+861085123*", "+8610827*", "+86215080*", "+862161234*", "+8621338*", "+86208388*",
            "+862037561*", "+867558666*", "+8675526031*", "+865718702*", "+8657188157*", "+8613800138*",
            "+861391001*", "+861581234*", "+86186120*", "+861890101*", "+8619912*", "+861360601*", "+86152110*",
            "+8613501234567", "+8618912345678", "+861066022236", "+862164481234", "+8675583765432",
        ];
        var config = new PolicyConfig(
            NumberingConfig.Default,
            [new TrunkConfig("trunk-loopback", TrunkKind.PrivateLine, ["127.0.0.1/32"], TrunkMode.Enforce, allowed, false, null, [], null)],
            [.. Enumerable.Range(0, 20).Select(i => $"+86138001380{i:D2}")],
            [new ListConfig("bench-blacklist", list, ListAction.Reject, 608, null, [])],
            Path.GetTempPath());
        var result = PolicyCompiler.Compile(config);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join('\n', result.Errors));
        }

        _snapshot = result.Snapshot!;
        var source = SourceEndpoint.Parse("127.0.0.1", 5060);
        var host = Encoding.ASCII.GetBytes("127.0.0.1");
        CallerIdentity Id(IdentityOrigin o, string user) => new(o, Encoding.ASCII.GetBytes(user), host);
        var blacklisted = "+" + BenchmarkListFile.NumberAt(1_234_567).ToString(System.Globalization.CultureInfo.InvariantCulture);

        _allowed = new CallAttempt(source, new[] { Id(IdentityOrigin.Pai, "+8619912345678"), Id(IdentityOrigin.From, "+8619912345678") });
        _spoofed = new CallAttempt(source, new[] { Id(IdentityOrigin.Pai, "+8619912345678"), Id(IdentityOrigin.From, "+8613912345678") });
        _withheld = new CallAttempt(
            source,
            new[] { Id(IdentityOrigin.Pai, "+8619912345678"), new CallerIdentity(IdentityOrigin.From, Encoding.ASCII.GetBytes("anonymous"), Encoding.ASCII.GetBytes("anonymous.invalid")) },
            PrivacyFlags.Id);
        _blacklisted = new CallAttempt(source, new[] { Id(IdentityOrigin.Pai, "+8619912345678"), Id(IdentityOrigin.From, blacklisted) });

        Check(_allowed, RuleIds.Allowed);
        Check(_spoofed, RuleIds.CallerNotAllowed);
        Check(_withheld, RuleIds.WithheldCaller);
        Check(_blacklisted, RuleIds.Blacklisted);
    }

    [Benchmark]
    public Decision Allowed() => _snapshot.Decide(_allowed);

    [Benchmark]
    public Decision Spoofed() => _snapshot.Decide(_spoofed);

    [Benchmark]
    public Decision Withheld() => _snapshot.Decide(_withheld);

    [Benchmark]
    public Decision Blacklisted() => _snapshot.Decide(_blacklisted);

    private void Check(in CallAttempt attempt, string rule)
    {
        var d = _snapshot.Decide(attempt);
        if (d.RuleId != rule)
        {
            throw new InvalidOperationException($"expected {rule}, got {d}");
        }
    }
}
