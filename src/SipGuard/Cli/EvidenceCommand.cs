using System.CommandLine;
using System.Security.Cryptography;
using SipGuard.Evidence;

namespace SipGuard.Cli;

/// <summary><c>sipguard evidence verify|keygen|export|to-sipp</c>: check the log (or an export bundle), make a signing key pair, bundle a call's records, replay a call with SIPp.</summary>
internal static class EvidenceCommand
{
    public static Command Create() => new("evidence", "Work with the tamper-evident evidence log.")
    {
        Verify(),
        Keygen(),
        EvidenceExportCommand.Create(),
        EvidenceToSippCommand.Create(),
    };

    private static Command Verify()
    {
        var dir = new Argument<string>("PATH") { Description = "The evidence folder (evidence.dir in the config), or an export bundle (.zip)." };
        var publicKey = new Option<string?>("--public-key") { Description = "PEM public key of evidence.signing_key: every checkpoint's signature is checked.", HelpName = "FILE" };
        var verify = new Command("verify", "Check the evidence log's hash chain (and, with --public-key, its signed checkpoints); print the first broken link (file:line and kind) and exit 1, or exit 0 when untampered.")
        {
            dir, publicKey,
        };
        verify.SetAction(parse =>
        {
            var path = parse.GetValue(dir)!;
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            ECDsa? key = null;
            if (parse.GetValue(publicKey) is { } keyPath && !TryLoadKey(keyPath, error, out key))
            {
                return 2;
            }

            using (key)
            {
                EvidenceVerification result;
                if (File.Exists(path) && path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
                {
                    if (key is null)
                    {
                        error.WriteLine($"{path}: an export bundle is checked against its signatures: give --public-key FILE (the key you trust, not the copy inside the bundle)");
                        return 2;
                    }

                    result = EvidenceExport.Verify(path, key, output);
                }
                else if (Directory.Exists(path))
                {
                    result = EvidenceVerifier.Verify(path, key);
                }
                else
                {
                    error.WriteLine($"{path}: no such folder or bundle");
                    return 2;
                }

                return Print(path, result, key is not null, output, error);
            }
        });
        return verify;
    }

    private static int Print(string path, EvidenceVerification result, bool withKey, TextWriter output, TextWriter error)
    {
        foreach (var torn in result.Torn)
        {
            output.WriteLine($"NOTE: {torn}");
        }

        if (result.Break is { } broken)
        {
            error.WriteLine($"BROKEN: {broken}");
            error.WriteLine($"{path}: tampered or damaged ({result.Records} line(s) in {result.Files} file(s) checked)");
            return 1;
        }

        if (withKey)
        {
            output.WriteLine(result.Checkpoints == 0
                ? "NOTE: no signed checkpoint: nothing is covered by a signature"
                : $"{result.Checkpoints} checkpoint(s) verified");
            if (result.Unsigned > 0)
            {
                output.WriteLine($"NOTE: {result.Unsigned} record(s) after the last checkpoint are unsigned{(result.EndsWithShutdown ? "" : " (no shutdown checkpoint: a crash, a log still being written, or a cut tail)")}");
            }
        }
        else if (result.Checkpoints > 0)
        {
            output.WriteLine($"NOTE: {result.Checkpoints} checkpoint(s) not checked: give --public-key FILE to verify the signatures");
        }

        output.WriteLine($"{path}: intact ({result.Records} line(s) in {result.Files} file(s))");
        return 0;
    }

    public static bool TryLoadKey(string path, TextWriter error, out ECDsa? key)
    {
        key = null;
        try
        {
            key = CheckpointSigner.PublicKeyFromPem(File.ReadAllText(path));
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            error.WriteLine($"{path}: not a readable PEM ECDSA public key: {ex.Message}");
            return false;
        }
    }

    private static Command Keygen()
    {
        var privateFile = new Option<string>("--private") { Description = "Where to write the private key (PEM, PKCS#8): evidence.signing_key.", HelpName = "FILE", Required = true };
        var publicFile = new Option<string>("--public") { Description = "Where to write the public key (PEM): give it to whoever verifies.", HelpName = "FILE", Required = true };
        var keygen = new Command("keygen", "Make an ECDSA P-256 key pair for signing evidence checkpoints.") { privateFile, publicFile };
        keygen.SetAction(parse =>
        {
            var priv = parse.GetValue(privateFile)!;
            var pub = parse.GetValue(publicFile)!;
            var error = parse.InvocationConfiguration.Error;
            if (File.Exists(priv))
            {
                error.WriteLine($"{priv}: exists; not overwriting a signing key");
                return 1;
            }

            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            File.WriteAllText(priv, key.ExportPkcs8PrivateKeyPem(), new System.Text.UTF8Encoding(false));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(priv, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.WriteAllText(pub, key.ExportSubjectPublicKeyInfoPem(), new System.Text.UTF8Encoding(false));
            parse.InvocationConfiguration.Output.WriteLine($"key {CheckpointSigner.KeyIdOf(key)}: private {priv}, public {pub}");
            return 0;
        });
        return keygen;
    }
}
