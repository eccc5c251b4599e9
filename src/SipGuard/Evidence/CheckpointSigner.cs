using System.Security.Cryptography;
using System.Text;

namespace SipGuard.Evidence;

/// <summary>
/// Signs checkpoints with an ECDSA P-256 key (SHA-256, IEEE P1363 signature, base64) and checks them.
/// What is signed is <see cref="Payload"/>: the checkpoint's own seq, the hash of the line before it
/// (the chain head it vouches for), its time, reason, the next file (rotations) and the key id.
/// </summary>
internal sealed class CheckpointSigner : IDisposable
{
    private readonly ECDsa _key;

    private CheckpointSigner(ECDsa key)
    {
        _key = key;
        KeyId = KeyIdOf(key);
    }

    /// <summary>The first 16 hex digits of the SHA-256 of the public key (SubjectPublicKeyInfo), so a verifier can tell keys apart.</summary>
    public string KeyId { get; }

    public string PublicKeyPem => _key.ExportSubjectPublicKeyInfoPem();

    public static CheckpointSigner FromPem(string pem)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            if (key.KeySize != 256)
            {
                throw new CryptographicException($"the key is {key.KeySize}-bit; evidence checkpoints use ECDSA P-256");
            }

            // A public key alone cannot sign: fail at start-up, not at the first checkpoint.
            key.ExportParameters(includePrivateParameters: true);
        }
        catch
        {
            key.Dispose();
            throw;
        }

        return new CheckpointSigner(key);
    }

    public static ECDsa PublicKeyFromPem(string pem)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    public static string KeyIdOf(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];

    public static byte[] Payload(long seq, string prev, string time, string reason, string? next, string keyId) =>
        Encoding.UTF8.GetBytes($"sipguard-evidence-checkpoint/1\n{seq}\n{prev}\n{time}\n{reason}\n{next}\n{keyId}");

    public string Sign(byte[] payload) => Convert.ToBase64String(_key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

    public static bool Verify(ECDsa publicKey, byte[] payload, string signature)
    {
        var bytes = new byte[64];
        return Convert.TryFromBase64String(signature, bytes, out var n) && n == 64
            && publicKey.VerifyData(payload, bytes, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    public void Dispose() => _key.Dispose();
}
