using System.Security.Cryptography;
using SipGuard.Configuration;
using SipGuard.Evidence;

namespace SipGuard.Tests.Evidence;

/// <summary>The evidence keys: read into settings, and refused with file:line:column when wrong.</summary>
public sealed class EvidenceConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sipguard-evcfg-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ConfigLoadResult Load(string evidence) => ConfigLoader.Load(
        TestPolicy.Yaml + "\nevidence:\n" + evidence, "sipguard.yaml", _dir);

    [Fact]
    public void Signing_key_checkpoint_every_and_sample_allowed_reach_the_running_settings()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(Path.Combine(_dir, "ev.key"), key.ExportPkcs8PrivateKeyPem());

        var loaded = Load("  signing_key: ev.key\n  checkpoint_every: 50\n  sample_allowed: 0.01\n");

        loaded.Succeeded.Should().BeTrue(string.Join("; ", loaded.Errors));
        var settings = EvidenceSettings.From(loaded.Config!.Evidence);
        settings.SigningKeyFile.Should().Be(Path.Combine(_dir, "ev.key"));
        settings.CheckpointEvery.Should().Be(50);
        settings.SampleAllowed.Should().Be(0.01);
    }

    [Theory]
    [InlineData("  signing_key: missing.key\n", "sipguard.yaml:17:16", "cannot read the signing key")]
    [InlineData("  signing_key: public.pem\n", "sipguard.yaml:17:16", "not a PEM ECDSA P-256 private key")]
    [InlineData("  sample_allowed: 2\n", "sipguard.yaml:17:19", "between 0 and 1")]
    [InlineData("  checkpoint_every: 0\n", "sipguard.yaml:17:21", "out of range")]
    public void A_wrong_evidence_key_is_refused_where_it_stands(string evidence, string location, string message)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(Path.Combine(_dir, "public.pem"), key.ExportSubjectPublicKeyInfoPem());

        var loaded = Load(evidence);

        loaded.Succeeded.Should().BeFalse();
        var error = loaded.Errors.Should().ContainSingle().Subject.ToString();
        error.Should().StartWith(location).And.Contain(message);
    }
}
