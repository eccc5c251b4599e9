using System.IO.Compression;
using System.Security.Cryptography;
using SipGuard.Evidence;

namespace SipGuard.Tests.Evidence;

/// <summary><c>evidence export</c> bundles a call's records with the checkpoints that cover them; the bundle verifies on its own, anywhere.</summary>
public sealed class EvidenceExportTests : IDisposable
{
    private readonly EvidenceFixture _log = new();
    private readonly string _elsewhere = Path.Combine(Path.GetTempPath(), "sipguard-export-" + Guid.NewGuid().ToString("N"));
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public EvidenceExportTests()
    {
        Directory.CreateDirectory(_elsewhere);
        var pem = _key.ExportPkcs8PrivateKeyPem();
        using var signer = CheckpointSigner.FromPem(pem);
        _log.Write(30, signer: signer, checkpointEvery: 5);
        File.WriteAllText(Path.Combine(_log.Directory, EvidenceExport.KeyFilePrefix + signer.KeyId + ".pem"), signer.PublicKeyPem);
    }

    public void Dispose()
    {
        _key.Dispose();
        _log.Dispose();
        Directory.Delete(_elsewhere, recursive: true);
    }

    [Fact]
    public void A_number_export_verifies_in_a_fresh_folder_and_an_edit_inside_the_bundle_is_found()
    {
        var zip = Path.Combine(_elsewhere, "out.zip");
        var (exit, output, error) = EvidenceCli.Run("evidence", "export", "--evidence", _log.Directory, "--number", "+8613712340007",
            "--from", "2026-03-01T00:00:00Z", "--to", "2026-03-02T00:00:00Z", "--out", zip);
        exit.Should().Be(0, error);
        output.Should().Contain("1 record(s)");

        // Only the bundle and a trusted key in a folder of their own.
        var fresh = Path.Combine(_elsewhere, "fresh");
        Directory.CreateDirectory(fresh);
        File.Move(zip, Path.Combine(fresh, "out.zip"));
        File.WriteAllText(Path.Combine(fresh, "trusted.pem"), _key.ExportSubjectPublicKeyInfoPem());
        Directory.Delete(_log.Directory, recursive: true);

        using (var bundle = ZipFile.OpenRead(Path.Combine(fresh, "out.zip")))
        {
            bundle.Entries.Select(e => e.Name).Should().Contain("records-0001.jsonl").And.Contain(n => n.StartsWith(EvidenceExport.KeyFilePrefix, StringComparison.Ordinal));
            using var reader = new StreamReader(bundle.GetEntry("records-0001.jsonl")!.Open());
            var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            lines[0].Should().Contain("+8613712340007");
            lines[^1].Should().Contain("\"type\":\"checkpoint\"");
        }

        var verified = EvidenceCli.Run("evidence", "verify", Path.Combine(fresh, "out.zip"), "--public-key", Path.Combine(fresh, "trusted.pem"));
        verified.Exit.Should().Be(0, verified.Error);
        verified.Output.Should().Contain("1 checkpoint(s) verified");

        using (var bundle = ZipFile.Open(Path.Combine(fresh, "out.zip"), ZipArchiveMode.Update))
        {
            var entry = bundle.GetEntry("records-0001.jsonl")!;
            string text;
            using (var reader = new StreamReader(entry.Open()))
            {
                text = reader.ReadToEnd();
            }

            entry.Delete();
            using var writer = new StreamWriter(bundle.CreateEntry("records-0001.jsonl").Open());
            writer.Write(text.Replace("+8613712340008", "+8613700000000", StringComparison.Ordinal));
        }

        EvidenceCli.Run("evidence", "verify", Path.Combine(fresh, "out.zip"), "--public-key", Path.Combine(fresh, "trusted.pem")).Exit.Should().Be(1);
    }

    [Fact]
    public void A_call_id_export_with_no_match_writes_nothing_and_exits_nonzero()
    {
        var zip = Path.Combine(_elsewhere, "none.zip");
        EvidenceCli.Run("evidence", "export", "--evidence", _log.Directory, "--call-id", "nobody@nowhere", "--out", zip).Exit.Should().Be(1);
        File.Exists(zip).Should().BeFalse();
    }
}
