using SipGuard.Configuration;
using SipGuard.Tests.TestSupport;

namespace SipGuard.Tests.Configuration;

public sealed class TcpLimitKeyTests : IDisposable
{
    private readonly TempConfig _dir = new();

    public void Dispose() => _dir.Dispose();

    private ConfigLoadResult Load(string limits) =>
        ConfigLoader.Load((TempConfig.Valid + "\n" + limits).ReplaceLineEndings("\n"), "sipguard.yaml", _dir.Directory);

    [Fact]
    public void TcpKeys_AreRead()
    {
        var result = Load("limits: { max_tcp_connections_per_source: 4, tcp_message_timeout: 2s, tcp_idle_timeout: 90s }");

        result.Errors.Should().BeEmpty();
        var limits = result.Config!.Proxy.Limits;
        limits.MaxTcpConnectionsPerSource.Should().Be(4);
        limits.TcpMessageTimeout.Should().Be(TimeSpan.FromSeconds(2));
        limits.TcpIdleTimeout.Should().Be(TimeSpan.FromSeconds(90));
    }

    [Fact]
    public void TcpKeys_Absent_GiveTheCarrierDefaults()
    {
        var limits = Load("limits: { max_headers: 64 }").Config!.Proxy.Limits;

        limits.MaxTcpConnectionsPerSource.Should().Be(16);
        limits.TcpMessageTimeout.Should().Be(TimeSpan.FromSeconds(5));
        limits.TcpIdleTimeout.Should().Be(TimeSpan.FromMinutes(10));
    }

    [Fact]
    public void PerSourceCapOfZero_IsAnErrorWithItsLocation()
    {
        var errors = Load("limits: { max_tcp_connections_per_source: 0 }").Errors.Select(e => e.ToString());

        errors.Should().ContainSingle().Which.Should().StartWith("sipguard.yaml:12:43:").And.Contain("limits.max_tcp_connections_per_source");
    }

    [Fact]
    public void TransactionQuotaKeys_AreRead()
    {
        var result = Load("limits:\n  max_transactions_per_trunk: 300\n  trunks:\n    acme-line-1: { max_transactions: 40 }");

        result.Errors.Should().BeEmpty();
        var limits = result.Config!.Proxy.Limits;
        limits.MaxTransactionsPerTrunk.Should().Be(300);
        limits.Trunks.Single().MaxTransactions.Should().Be(40);
    }

    [Fact]
    public void BreakerRateKeys_AreRead_AndDefaultWhenAbsent()
    {
        var yaml = TempConfig.Valid.Replace(
            "callcenter: { targets: [ \"sip:127.0.0.1:5080\" ] }",
            "callcenter: { targets: [ \"sip:127.0.0.1:5080\" ], breaker: { failure_rate: 0.25, min_answers: 50, window: 30s } }",
            StringComparison.Ordinal);
        var result = ConfigLoader.Load(yaml.ReplaceLineEndings("\n"), "sipguard.yaml", _dir.Directory);

        result.Errors.Should().BeEmpty();
        var breaker = result.Config!.Proxy.Upstreams.Single().Breaker;
        breaker.FailureRate.Should().Be(0.25);
        breaker.MinAnswers.Should().Be(50);
        breaker.Window.Should().Be(TimeSpan.FromSeconds(30));
        breaker.FailuresBeforeOpen.Should().Be(3);
    }

    [Fact]
    public void FailureRateOverOne_IsAnError()
    {
        var yaml = TempConfig.Valid.Replace(
            "callcenter: { targets: [ \"sip:127.0.0.1:5080\" ] }",
            "callcenter: { targets: [ \"sip:127.0.0.1:5080\" ], breaker: { failure_rate: 1.5 } }",
            StringComparison.Ordinal);

        ConfigLoader.Load(yaml, "sipguard.yaml", _dir.Directory).Errors.Should().ContainSingle()
            .Which.ToString().Should().Contain("upstreams.callcenter.breaker.failure_rate").And.Contain("not a fraction");
    }
}
