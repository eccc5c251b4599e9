using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SipGuard.Proxy.Tests.Tls;

/// <summary>
/// Certificates made in the test: a CA, certificates it issues (server or client, with the SAN
/// names asked for), and PEM files of them. Nothing is read from or written to a system store.
/// </summary>
internal sealed class TestPki
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    private TestPki(X509Certificate2 ca) => Ca = ca;

    public X509Certificate2 Ca { get; }

    public X509Certificate2Collection Roots => [X509CertificateLoader.LoadCertificate(Ca.RawData)];

    public static TestPki Create(string name = "SipGuard Test CA")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return new TestPki(Usable(request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30))));
    }

    /// <summary>A server certificate for localhost, 127.0.0.1 and ::1.</summary>
    public X509Certificate2 Server(string commonName = "sipguard.test") =>
        Issue(commonName, ServerAuth, ["localhost"], [IPAddress.Loopback, IPAddress.IPv6Loopback]);

    /// <summary>A client certificate whose subjectAltName carries <paramref name="dnsNames"/> (none: no SAN at all, only the CN).</summary>
    public X509Certificate2 Client(string commonName, params string[] dnsNames) => Issue(commonName, ClientAuth, dnsNames, []);

    public static void WritePem(X509Certificate2 certificate, string certFile, string keyFile)
    {
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        using var key = certificate.GetECDsaPrivateKey()!;
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
    }

    public void WriteCaPem(string file) => File.WriteAllText(file, Ca.ExportCertificatePem());

    private X509Certificate2 Issue(string commonName, Oid usage, string[] dnsNames, IPAddress[] addresses)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        if (dnsNames.Length > 0 || addresses.Length > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in dnsNames)
            {
                san.AddDnsName(name);
            }

            foreach (var address in addresses)
            {
                san.AddIpAddress(address);
            }

            request.CertificateExtensions.Add(san.Build());
        }

        var serial = new byte[12];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7f;
        var now = DateTimeOffset.UtcNow;
        using var issued = request.Create(Ca, now.AddHours(-1), now.AddDays(7), serial);
        return Usable(issued.CopyWithPrivateKey(key));
    }

    /// <summary>Through PKCS#12, so the private key is a persisted one SslStream can use as server or client.</summary>
    private static X509Certificate2 Usable(X509Certificate2 withKey)
    {
        using (withKey)
        {
            return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
        }
    }
}
