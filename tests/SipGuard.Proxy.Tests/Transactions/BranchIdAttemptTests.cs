using SipGuard.Proxy.Security;
using SipGuard.Proxy.Transactions;

namespace SipGuard.Proxy.Tests.Transactions;

public sealed class BranchIdAttemptTests
{
    private static readonly BranchSeal Seal = new(ProxySecret.Generate());

    [Fact]
    public void Written_ReadsBackSlotGenerationAndAttempt_AndCarriesTheKeyedPart()
    {
        Span<byte> branch = stackalloc byte[BranchId.Length];

        BranchId.Write(branch, Seal, 42, 0xDEADBEEF, 7, nonce: 5).Should().Be(44);

        BranchId.TryRead(branch, out var slot, out var generation, out var attempt).Should().BeTrue();
        (slot, generation, attempt).Should().Be((42, 0xDEADBEEFu, (byte)7));
        Seal.Verify(BranchId.SealOf(branch), 42, 0xDEADBEEF, 7, 5).Should().BeTrue();
        Seal.Verify(BranchId.SealOf(branch), 42, 0xDEADBEEF, 7, 6).Should().BeFalse();
    }

    [Fact]
    public void AttemptRewrittenInPlace_OnlyTheAttemptChanges()
    {
        var branch = new byte[BranchId.Length];
        BranchId.Write(branch, Seal, 3, 9, 0, nonce: 1);

        BranchId.WriteAttempt(branch.AsSpan(BranchId.AttemptOffset, 2), 0xA1);

        BranchId.TryRead(branch, out var slot, out var generation, out var attempt).Should().BeTrue();
        (slot, generation, attempt).Should().Be((3, 9u, (byte)0xA1));
    }

    [Fact]
    public void LayoutWithoutTheKeyedPart_IsNotOurs()
    {
        BranchId.TryRead("z9hG4bK-sg000000030000000900"u8, out _, out _, out _).Should().BeFalse();
    }

    [Fact]
    public void ProbeBranch_IsNotATransactionBranch()
    {
        BranchId.TryRead("z9hG4bK-sp000000000000000100"u8, out _, out _, out _).Should().BeFalse();
    }
}
