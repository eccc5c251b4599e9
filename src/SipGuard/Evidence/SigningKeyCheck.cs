using System.Security.Cryptography;

namespace SipGuard.Evidence;

/// <summary>Checks <c>evidence.signing_key</c> when the config is read, so a missing or wrong key stops the load with its location.</summary>
internal static class SigningKeyCheck
{
    /// <returns>Null when the file holds an ECDSA P-256 private key; else what is wrong, for the operator.</returns>
    public static string? Problem(string path)
    {
        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"cannot read the signing key '{path}': {ex.Message} (make one with: sipguard evidence keygen --private FILE --public FILE)";
        }

        try
        {
            using var signer = CheckpointSigner.FromPem(pem);
            return null;
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            return $"'{path}' is not a PEM ECDSA P-256 private key: {ex.Message}";
        }
    }
}
