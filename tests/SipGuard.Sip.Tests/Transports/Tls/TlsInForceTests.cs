using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SipGuard.Sip.Transports;
using SipGuard.Sip.Transports.Tls;

namespace SipGuard.Sip.Tests.Transports.Tls;

/// <summary>
/// Replaced TLS settings give their certificates back: once a reload has swapped in new ones and no
/// handshake still uses the old ones, whatever the new settings do not hold is disposed (a disposed
/// certificate's handle is zero).
/// </summary>
public sealed class TlsInForceTests : IDisposable
{
    private readonly List<X509Certificate2> _made = [];

    public void Dispose()
    {
        foreach (var certificate in _made)
        {
            certificate.Dispose();
        }
    }

    [Fact]
    public void A_reload_disposes_the_replaced_certificates_but_not_those_the_new_settings_also_hold()
    {
        var (old, shared, renewed) = (Certificate("old"), Certificate("shared"), Certificate("renewed"));
        var tls = new TlsInForce();
        tls.Update(Settings(old, shared));

        tls.Update(Settings(renewed, shared));

        old.Handle.Should().Be(IntPtr.Zero, "no handshake uses the replaced settings");
        shared.Handle.Should().NotBe(IntPtr.Zero, "the settings in force still hold it");
        renewed.Handle.Should().NotBe(IntPtr.Zero);
    }

    [Fact]
    public void A_handshake_in_flight_keeps_the_replaced_certificates_until_it_ends()
    {
        var (old, renewed) = (Certificate("old"), Certificate("renewed"));
        var tls = new TlsInForce();
        var first = Settings(old);
        tls.Update(first);
        var handshake = tls.Lease();

        tls.Update(Settings(renewed));

        handshake.Settings.Should().BeSameAs(first);
        old.Handle.Should().NotBe(IntPtr.Zero, "a handshake that started with it still runs");
        tls.Lease().Settings.Certificates.Should().Equal(renewed);
        handshake.Dispose();
        old.Handle.Should().Be(IntPtr.Zero, "the last handshake that used it has ended");
    }

    [Fact]
    public void The_settings_in_force_applied_again_dispose_nothing()
    {
        var certificate = Certificate("kept");
        var tls = new TlsInForce();
        var settings = Settings(certificate);
        tls.Update(settings);

        tls.Update(settings); // a republish after a DNS answer, with no reload

        certificate.Handle.Should().NotBe(IntPtr.Zero);
        tls.Current.Should().BeSameAs(settings);
    }

    private static TlsSettings Settings(params X509Certificate2[] owned) => new(null, new Dictionary<SipEndpoint, TlsClientCredentials>(), owned);

    private X509Certificate2 Certificate(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        _made.Add(certificate);
        return certificate;
    }
}
