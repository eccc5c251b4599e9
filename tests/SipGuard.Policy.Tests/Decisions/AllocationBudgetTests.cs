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
    [InlineData("acme", "", "PAI sip:+8613912345678#@pbx | FROM sip:+861066022236@pbx")]
    [InlineData("acme", "", "31 × PAI sip:+861066022236@pbx | PPI sip:+861066022236@pbx | FROM sip:+861066022236@pbx")]
    [InlineData("acme", "", "40 × PAI sip:+861066022236@pbx | FROM sip:+861066022236@pbx")]
    public void Decide_allocates_nothing(string trunk, string privacy, string identities)
    {
        var attempt = new CallAttempt(PolicyFixture.SourceOf(trunk), IdentitySpec.ParseAll(identities), IdentitySpec.Privacy(privacy));

        // The fewest bytes any round of 100 decisions allocated: a per-call allocation shows in every
        // round, while the runtime's one-off work on this thread (a method moving up a JIT tier) does not.
        var fewest = long.MaxValue;
        for (var round = 0; round < 5; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 100; i++)
            {
                fixture.Snapshot.Decide(attempt);
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        fewest.Should().Be(0);
    }
}
