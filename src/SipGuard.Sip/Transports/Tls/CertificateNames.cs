using System.Security.Cryptography.X509Certificates;

namespace SipGuard.Sip.Transports.Tls;

/// <summary>
/// The names a peer certificate vouches for: its subjectAltName DNS entries, or, only when it has
/// no subjectAltName at all, its subject's common name (RFC 5922 §7.1).
/// </summary>
public static class CertificateNames
{
    private const string CommonNameOid = "2.5.4.3";
    private const string SubjectAltNameOid = "2.5.29.17";

    public static string[] Of(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var cert = new X509Certificate2(certificate);
        foreach (var extension in cert.Extensions)
        {
            if (extension.Oid?.Value == SubjectAltNameOid)
            {
                var san = new X509SubjectAlternativeNameExtension(extension.RawData, extension.Critical);
                return [.. san.EnumerateDnsNames()];
            }
        }

        var names = new List<string>();
        foreach (var rdn in cert.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.GetSingleElementType().Value == CommonNameOid && rdn.GetSingleElementValue() is { Length: > 0 } value)
            {
                names.Add(value);
            }
        }

        return [.. names];
    }
}
