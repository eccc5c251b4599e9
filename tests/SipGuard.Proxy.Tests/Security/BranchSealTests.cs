using SipGuard.Proxy.Security;
using static SipGuard.Proxy.Tests.Security.SecurityFixtures;

namespace SipGuard.Proxy.Tests.Security;

public sealed class BranchSealTests
{
    private readonly BranchSeal _seal = new(Secret(3));

    [Fact]
    public void Seal_Verifies_OnlyForItsTransactionAttemptAndNonce()
    {
        var seal = new byte[BranchSeal.Length];
        _seal.Write(seal, 5, 77, 0, 0xDEADBEEF);
        seal.Should().OnlyContain(b => char.IsAsciiHexDigitLower((char)b) || char.IsAsciiDigit((char)b));
        _seal.Verify(seal, 5, 77, 0, 0xDEADBEEF).Should().BeTrue();
        _seal.Verify(seal, 6, 77, 0, 0xDEADBEEF).Should().BeFalse();
        _seal.Verify(seal, 5, 78, 0, 0xDEADBEEF).Should().BeFalse();
        _seal.Verify(seal, 5, 77, 1, 0xDEADBEEF).Should().BeFalse();
        _seal.Verify(seal, 5, 77, 0, 0xDEADBEEE).Should().BeFalse();
        _seal.Verify(seal.AsSpan(1), 5, 77, 0, 0xDEADBEEF).Should().BeFalse();
    }

    [Fact]
    public void NeighbouringTransactions_HaveUnrelatedSeals()
    {
        // Seen one branch, the next slot's or generation's seal is not derivable: no shared digits pattern.
        var seals = new HashSet<string>();
        for (var slot = 0; slot < 1000; slot++)
        {
            var seal = new byte[BranchSeal.Length];
            _seal.Write(seal, slot, 1, 0, BranchSeal.NewNonce());
            seals.Add(System.Text.Encoding.ASCII.GetString(seal)).Should().BeTrue();
        }
    }

    [Fact]
    public void Nonces_AreFresh()
    {
        Enumerable.Range(0, 1000).Select(_ => BranchSeal.NewNonce()).Distinct().Should().HaveCount(1000);
    }

    [Fact]
    public async Task Nonces_DrawnInBatchesPerThread_NeverRepeatAcrossThreads()
    {
        var batches = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Enumerable.Range(0, 300).Select(_ => BranchSeal.NewNonce()).ToArray())));
        batches.SelectMany(b => b).Distinct().Should().HaveCount(1200, "each thread draws its own random batches, several batches each");
    }

    [Fact]
    public void NewNonce_DoesNotAllocateOnceTheThreadHasItsBatch()
    {
        BranchSeal.NewNonce();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            BranchSeal.NewNonce();
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }

    [Fact]
    public void Verify_DoesNotAllocate()
    {
        var seal = new byte[BranchSeal.Length];
        _seal.Write(seal, 5, 77, 0, 9);
        _seal.Verify(seal, 5, 77, 0, 9);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            _seal.Verify(seal, 5, 77, 0, 9);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }
}
