using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using SipGuard.Evidence;

namespace SipGuard.Tests.Evidence;

/// <summary>
/// Each way of tampering with the log, checked with and without the public key. Log under test: 10
/// records, a checkpoint every 4 lines, and the shutdown checkpoint (r1-r4 cp r5-r8 cp r9 r10 cp).
/// </summary>
public sealed class CheckpointTamperTests : IDisposable
{
    private readonly EvidenceFixture _log = new();
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly string _publicKey;

    public CheckpointTamperTests()
    {
        using var signer = CheckpointSigner.FromPem(_key.ExportPkcs8PrivateKeyPem());
        _log.Write(10, signer: signer, checkpointEvery: 4);
        _publicKey = Path.Combine(_log.Directory, "trusted.pem");
        File.WriteAllText(_publicKey, _key.ExportSubjectPublicKeyInfoPem());
    }

    public void Dispose()
    {
        _key.Dispose();
        _log.Dispose();
    }

    private string File0 => _log.Files[0];

    private List<string> Lines => File.ReadAllLines(File0).ToList();

    [Fact]
    public void An_untampered_log_verifies_with_the_key_every_checkpoint_and_no_unsigned_tail()
    {
        Lines.Should().HaveCount(13);
        var result = EvidenceVerifier.Verify(_log.Directory, _key);
        result.Intact.Should().BeTrue(result.Break?.ToString());
        result.Checkpoints.Should().Be(3);
        result.Unsigned.Should().Be(0);
        result.EndsWithShutdown.Should().BeTrue();
        var (exit, output, _) = EvidenceCli.Run("evidence", "verify", _log.Directory, "--public-key", _publicKey);
        exit.Should().Be(0);
        output.Should().Contain("3 checkpoint(s) verified").And.Contain("intact");
    }

    [Fact]
    public void An_edited_middle_record_is_found_with_and_without_the_key()
    {
        var lines = Lines;
        lines[1] = lines[1].Replace("+8613712340001", "+8613700000000", StringComparison.Ordinal);
        File.WriteAllLines(File0, lines);

        Expect(withKey: false, EvidenceBreakKind.Edited, line: 2);
        Expect(withKey: true, EvidenceBreakKind.Edited, line: 2);
    }

    [Fact]
    public void An_edited_last_record_with_the_checkpoint_after_it_recomputed_passes_a_bare_chain_but_not_the_signature()
    {
        var lines = Lines;
        lines[11] = lines[11].Replace("+8613712340009", "+8613700000000", StringComparison.Ordinal);
        Rechain(lines, from: 11);
        File.WriteAllLines(File0, lines);

        EvidenceVerifier.Verify(_log.Directory).Intact.Should().BeTrue("a hash chain alone cannot see an edit whose followers were recomputed");
        Expect(withKey: true, EvidenceBreakKind.Forged, line: 13);
    }

    [Fact]
    public void A_chain_recomputed_after_an_edit_is_found_only_with_the_key()
    {
        var lines = Lines;
        lines[0] = lines[0].Replace("\"rule\":\"caller-not-allowed\"", "\"rule\":\"allowed\"", StringComparison.Ordinal);
        Rechain(lines, from: 0);
        File.WriteAllLines(File0, lines);

        EvidenceVerifier.Verify(_log.Directory).Intact.Should().BeTrue();
        Expect(withKey: true, EvidenceBreakKind.Forged, line: 5);
        EvidenceCli.Run("evidence", "verify", _log.Directory, "--public-key", _publicKey).Exit.Should().Be(1);
    }

    [Fact]
    public void A_deleted_record_is_found_with_and_without_the_key()
    {
        var lines = Lines;
        lines.RemoveAt(6);
        File.WriteAllLines(File0, lines);

        Expect(withKey: false, EvidenceBreakKind.Deleted, line: 7);
        Expect(withKey: true, EvidenceBreakKind.Deleted, line: 7);
    }

    [Fact]
    public void Reordered_records_are_found_with_and_without_the_key()
    {
        var lines = Lines;
        (lines[2], lines[3]) = (lines[3], lines[2]);
        File.WriteAllLines(File0, lines);

        Expect(withKey: false, EvidenceBreakKind.Reordered, line: 3);
        Expect(withKey: true, EvidenceBreakKind.Reordered, line: 3);
    }

    [Fact]
    public void A_cut_tail_is_reported_with_the_number_of_unsigned_records_and_exits_zero()
    {
        var lines = Lines;
        File.WriteAllLines(File0, lines.Take(12).SkipLast(1));

        var result = EvidenceVerifier.Verify(_log.Directory, _key);
        result.Intact.Should().BeTrue();
        result.Unsigned.Should().Be(1, "r9 follows the last surviving checkpoint");
        result.EndsWithShutdown.Should().BeFalse();
        var (exit, output, _) = EvidenceCli.Run("evidence", "verify", _log.Directory, "--public-key", _publicKey);
        exit.Should().Be(0);
        output.Should().Contain("1 record(s) after the last checkpoint are unsigned (no shutdown checkpoint");
    }

    [Fact]
    public void A_checkpoint_signed_by_another_key_is_a_forgery()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var result = EvidenceVerifier.Verify(_log.Directory, other);
        result.Break!.Kind.Should().Be(EvidenceBreakKind.Forged);
        result.Break.Detail.Should().Contain("not by the given public key");
    }

    [Fact]
    public void Deleting_the_newest_file_after_a_rotation_is_found_by_the_rotation_checkpoint()
    {
        using var fixture = new EvidenceFixture();
        using var signer = CheckpointSigner.FromPem(_key.ExportPkcs8PrivateKeyPem());
        fixture.Write(40, maxFileBytes: 2048, signer: signer);
        var files = fixture.Files;
        files.Count.Should().BeGreaterThan(2);
        EvidenceVerifier.Verify(fixture.Directory, _key).Intact.Should().BeTrue();
        File.ReadLines(files[0]).Last().Should().Contain("\"reason\":\"rotation\",\"next\":\"" + Path.GetFileName(files[1]) + "\"");

        File.Delete(files[^1]);

        var result = EvidenceVerifier.Verify(fixture.Directory);
        result.Break!.Kind.Should().Be(EvidenceBreakKind.Deleted);
        result.Break.Detail.Should().Contain(Path.GetFileName(files[^1])).And.Contain("missing");
    }

    [Fact]
    public void Keygen_writes_a_pair_that_signs_and_verifies_and_refuses_to_overwrite()
    {
        var priv = Path.Combine(_log.Directory, "k.key");
        var pub = Path.Combine(_log.Directory, "k.pem");
        EvidenceCli.Run("evidence", "keygen", "--private", priv, "--public", pub).Exit.Should().Be(0);
        EvidenceCli.Run("evidence", "keygen", "--private", priv, "--public", pub).Exit.Should().Be(1);
        SigningKeyCheck.Problem(priv).Should().BeNull();
        SigningKeyCheck.Problem(pub).Should().Contain("not a PEM ECDSA P-256 private key");
    }

    private void Expect(bool withKey, EvidenceBreakKind kind, int line)
    {
        var result = EvidenceVerifier.Verify(_log.Directory, withKey ? _key : null);
        result.Break.Should().NotBeNull();
        result.Break!.Kind.Should().Be(kind, result.Break.ToString());
        result.Break.Line.Should().Be(line, result.Break.ToString());
        var args = withKey ? new[] { "evidence", "verify", _log.Directory, "--public-key", _publicKey } : ["evidence", "verify", _log.Directory];
        EvidenceCli.Run(args).Exit.Should().Be(1);
    }

    /// <summary>What an attacker without the key does after an edit: recompute every following line's prev so the bare chain holds.</summary>
    private static void Rechain(List<string> lines, int from)
    {
        for (var i = from + 1; i < lines.Count; i++)
        {
            var node = JsonNode.Parse(lines[i])!.AsObject();
            node["prev"] = EvidenceChain.Hash(System.Text.Encoding.UTF8.GetBytes(lines[i - 1]));
            lines[i] = node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        }
    }
}
