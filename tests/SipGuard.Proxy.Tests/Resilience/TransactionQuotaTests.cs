using SipGuard.Proxy.Configuration;
using SipGuard.Proxy.Resilience;

namespace SipGuard.Proxy.Tests.Resilience;

public sealed class TransactionQuotaTests
{
    [Fact]
    public void TrunkAtItsQuota_IsRefused_WhileAnotherTrunkStillGetsSlots()
    {
        var quotas = new TransactionQuotas(LimitsConfig.Default with { MaxTransactionsPerTrunk = 3 });
        var registry = new AdmissionRegistry();
        var flooding = registry.For("line-a");
        var other = registry.For("line-b");

        Enumerable.Range(0, 3).Select(_ => flooding.TryEnterTransaction(quotas.For("line-a"))).ToList().Should().AllBeEquivalentTo(true);
        flooding.TryEnterTransaction(quotas.For("line-a")).Should().BeFalse("line-a holds its whole share of the table");

        other.TryEnterTransaction(quotas.For("line-b")).Should().BeTrue();
        flooding.Transactions.Should().Be(3, "a refused attempt does not count");
    }

    [Fact]
    public void TransactionLeavingTheTable_GivesItsSlotBack()
    {
        var state = new TrunkAdmission();
        state.TryEnterTransaction(1).Should().BeTrue();
        state.TryEnterTransaction(1).Should().BeFalse();

        state.ExitTransaction();

        state.TryEnterTransaction(1).Should().BeTrue();
    }

    [Fact]
    public void TrunkOverride_WinsOverTheDefault_AndZeroMeansUnlimited()
    {
        var limits = LimitsConfig.Default with
        {
            MaxTransactionsPerTrunk = 10,
            Trunks = [new TrunkLimitConfig("big", 0, 0, 503) { MaxTransactions = 500 }, new TrunkLimitConfig("plain", 5, 0, 503)],
        };
        var quotas = new TransactionQuotas(limits);

        quotas.For("big").Should().Be(500);
        quotas.For("plain").Should().Be(10, "a limits entry without max_transactions keeps the default");
        quotas.For("unlisted").Should().Be(10);
        TransactionQuotas.None.For("big").Should().Be(0);

        var state = new TrunkAdmission();
        Enumerable.Range(0, 1_000).All(_ => state.TryEnterTransaction(0)).Should().BeTrue();
    }

    [Fact]
    public void DefaultQuota_IsAQuarterOfTheDefaultTable()
    {
        LimitsConfig.Default.MaxTransactionsPerTrunk.Should().Be(50_000);
    }
}
