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
}
