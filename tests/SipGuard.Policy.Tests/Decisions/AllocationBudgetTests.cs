using SipGuard.Policy.Tests.Support;

namespace SipGuard.Policy.Tests.Decisions;

public sealed class AllocationBudgetTests(PolicyFixture fixture) : IClassFixture<PolicyFixture>
{
    [Theory]
    [InlineData("acme", "", "PAI sip:+861066022236@pbx | FROM sip:01066022236@pbx")]
    [InlineData("acme", "", "PAI sip:+861066022236@pbx | FROM sip:+8613912345678@pbx")]
    [InlineData("acme", "id", "PAI tel:+86-10-6602-2236 | FROM \"Anonymous\" sip:anonymous@anonymous.invalid")]
    [InlineData("acme", "", "FROM sip:+861066022001@pbx")]
    [InlineData("intl", "", "FROM sip:66022236;phone-context=+86-10@pbx")]
    [InlineData("monitor", "", "FROM sip:1795101066022236@pbx")]
    [InlineData("stranger", "", "FROM sip:+861066022236@pbx")]
    public void Decide_allocates_nothing(string trunk, string privacy, string identities)
    {
        var attempt = new CallAttempt(PolicyFixture.SourceOf(trunk), IdentitySpec.ParseAll(identities), IdentitySpec.Privacy(privacy));
        fixture.Snapshot.Decide(attempt);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            fixture.Snapshot.Decide(attempt);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }
}
