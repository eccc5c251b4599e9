using SipGuard.Proxy.Transactions;

namespace SipGuard.Proxy.Tests.Transactions;

public sealed class BranchIdAttemptTests
{
    [Fact]
    public void Written_ReadsBackSlotGenerationAndAttempt()
    {
        Span<byte> branch = stackalloc byte[BranchId.Length];

        BranchId.Write(branch, 42, 0xDEADBEEF, 7).Should().Be(28);

        BranchId.TryRead(branch, out var slot, out var generation, out var attempt).Should().BeTrue();
        (slot, generation, attempt).Should().Be((42, 0xDEADBEEFu, (byte)7));
    }

    [Fact]
    public void AttemptRewrittenInPlace_OnlyTheAttemptChanges()
    {
        var branch = new byte[BranchId.Length];
        BranchId.Write(branch, 3, 9, 0);

        BranchId.WriteAttempt(branch.AsSpan(BranchId.AttemptOffset, 2), 0xA1);

        BranchId.TryRead(branch, out var slot, out var generation, out var attempt).Should().BeTrue();
        (slot, generation, attempt).Should().Be((3, 9u, (byte)0xA1));
    }

    [Fact]
    public void OldLayoutWithoutAttempt_IsNotOurs()
    {
        BranchId.TryRead("z9hG4bK-sg0000000300000009"u8, out _, out _, out _).Should().BeFalse();
    }

    [Fact]
    public void ProbeBranch_IsNotATransactionBranch()
    {
        BranchId.TryRead("z9hG4bK-sp000000000000000100"u8, out _, out _, out _).Should().BeFalse();
    }
}
