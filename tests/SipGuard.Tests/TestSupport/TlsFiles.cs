using SipGuard.Proxy.Tests.Tls;

namespace SipGuard.Tests.TestSupport;

/// <summary>PEM files of a test PKI in a config folder: <c>tls/server.crt</c>, <c>tls/server.key</c>, <c>tls/ca.crt</c>.</summary>
internal static class TlsFiles
{
    public static TestPki Write(string directory)
    {
        var pki = TestPki.Create();
        Directory.CreateDirectory(Path.Combine(directory, "tls"));
        TestPki.WritePem(pki.Server(), Path.Combine(directory, "tls", "server.crt"), Path.Combine(directory, "tls", "server.key"));
        pki.WriteCaPem(Path.Combine(directory, "tls", "ca.crt"));
        return pki;
    }

    /// <summary>A valid config with a TLS listener, a TLS trunk and a TLS upstream target.</summary>
    public const string Config = """
        listen: [ "udp://127.0.0.1:5060", "tls://127.0.0.1:5061" ]
        tls:
          certificate: tls/server.crt
          key: tls/server.key
          client_ca: tls/ca.crt
          require_client_certificate: true
        upstreams:
          callcenter:
            targets: [ "sips:127.0.0.1:5081", "sip:127.0.0.1:5080" ]
            tls: { ca: tls/ca.crt, server_name: localhost }
        trunks:
          acme-line-1:
            kind: private-line
            sources: [ "127.0.0.2/32" ]
            upstream: callcenter
            allowed_callers: [ "+861066022236" ]
            tls_names: [ "pbx.acme.example" ]
        """;
}
