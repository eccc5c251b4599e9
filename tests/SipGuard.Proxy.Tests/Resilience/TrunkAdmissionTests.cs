using SipGuard.Proxy.Resilience;

namespace SipGuard.Proxy.Tests.Resilience;

public sealed class TrunkAdmissionTests
{
    private const long Frequency = 1_000;

    [Fact]
    public void CallsPerSecond_BurstOfOneSecondAdmitted_ThenRefusedUntilTokensReturn()
    {
        var limit = new TrunkLimit("t", callsPerSecond: 3, concurrentCalls: 0, status: 503);
        var state = new TrunkAdmission();

        Enumerable.Range(0, 3).Select(_ => state.TryEnter(limit, 0, Frequency)).ToList().Should().AllBeEquivalentTo(AdmissionResult.Admitted);
        state.TryEnter(limit, 0, Frequency).Should().Be(AdmissionResult.RateLimited);
        state.TryEnter(limit, Frequency / 3 + 1, Frequency).Should().Be(AdmissionResult.Admitted, "a third of a second gives one token back");
    }

    [Fact]
    public void ConcurrentCalls_OverTheLimitRefused_AndAnExitMakesRoom()
    {
        var limit = new TrunkLimit("t", callsPerSecond: 0, concurrentCalls: 2, status: 486);
        var state = new TrunkAdmission();

        state.TryEnter(limit, 0, Frequency).Should().Be(AdmissionResult.AdmittedCounted);
        state.TryEnter(limit, 0, Frequency).Should().Be(AdmissionResult.AdmittedCounted);
        state.TryEnter(limit, 0, Frequency).Should().Be(AdmissionResult.TooManyCalls);
        state.Exit();

        state.TryEnter(limit, 0, Frequency).Should().Be(AdmissionResult.AdmittedCounted);
        state.Active.Should().Be(2);
    }

    [Fact]
    public void OtherNodes_CallsInProgress_CountAgainstTheConcurrencyLimit()
    {
        var limit = new TrunkLimit("t", callsPerSecond: 0, concurrentCalls: 3, status: 486);
        var state = new TrunkAdmission();
        state.SetRemote(active: 2, callsPerSecond: 0);

        state.TryEnter(limit, 0, Frequency).Should().Be(AdmissionResult.AdmittedCounted);
        state.TryEnter(limit, 0, Frequency).Should().Be(AdmissionResult.TooManyCalls, "two of the three are on another node");
        state.SetRemote(active: 0, callsPerSecond: 0);
        state.TryEnter(limit, 0, Frequency).Should().Be(AdmissionResult.AdmittedCounted);
        state.Admitted.Should().Be(2);
    }

    [Fact]
    public void OtherNodes_Rate_IsTakenOffThisNodesBucket()
    {
        var limit = new TrunkLimit("t", callsPerSecond: 10, concurrentCalls: 0, status: 503);
        var state = new TrunkAdmission();
        state.SetRemote(active: 0, callsPerSecond: 7);

        Enumerable.Range(0, 3).Select(_ => state.TryEnter(limit, 0, Frequency)).ToList().Should().AllBeEquivalentTo(AdmissionResult.Admitted);
        state.TryEnter(limit, 0, Frequency).Should().Be(AdmissionResult.RateLimited, "7 of the 10 calls/s were used elsewhere");
        state.TryEnter(limit, Frequency / 3 + 1, Frequency).Should().Be(AdmissionResult.Admitted, "this node's 3 calls/s refill a token in a third of a second");

        state.SetRemote(active: 0, callsPerSecond: 12);
        state.TryEnter(limit, 10 * Frequency, Frequency).Should().Be(AdmissionResult.RateLimited, "the other nodes already exceed the limit");
    }

    [Fact]
    public void ConfiguredResponse_CarriesItsReasonPhrase()
    {
        var limit = new TrunkLimit("t", 1, 1, 486);

        System.Text.Encoding.ASCII.GetString(limit.Reason).Should().Be("Busy Here");
    }
}
