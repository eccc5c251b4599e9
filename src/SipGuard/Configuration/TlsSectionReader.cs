using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SipGuard.Proxy.Configuration;
using SipGuard.Sip.Transports;
using SipGuard.Sip.Transports.Tls;
using YamlDotNet.RepresentationModel;

namespace SipGuard.Configuration;

/// <summary>
/// Reads everything TLS: the root <c>tls</c> section (what <c>tls://</c> listeners present and
/// whom they believe), <c>upstreams.&lt;id&gt;.tls</c> (how a TLS upstream is verified) and
/// <c>trunks.&lt;id&gt;.tls_names</c>. The PEM files are loaded here, at every load and reload, so
/// a missing or broken file is reported at the key that names it and the running ones stay.
/// </summary>
internal static class TlsSectionReader
{
    public static (TlsSettings Settings, IReadOnlyDictionary<string, IReadOnlyList<string>> TrunkNames) Read(
        ConfigReader r, YamlMappingNode root, string baseDirectory, ProxyConfig proxy, List<string> files)
    {
        var tlsListeners = proxy.Listeners.Any(l => l.Transport == SipTransportKind.Tls);
        TlsServerCredentials? server = null;
        var clientCaLoaded = false;
        var loaded = new List<X509Certificate2>(); // disposed with the settings once a reload has replaced them
        if (ConfigReader.Get(root, "tls") is { } tlsNode)
        {
            if (!tlsListeners)
            {
                r.Error(tlsNode, "tls", "no tls:// listener uses this section; add one to listen, or remove it");
            }

            server = ReadServer(r, tlsNode, baseDirectory, files, loaded, out clientCaLoaded);
        }
        else if (tlsListeners && ConfigReader.Get(root, "listen") is { } listenNode)
        {
            r.Error(listenNode, "listen", "a tls:// listener needs the tls section: tls: { certificate: FILE, key: FILE }");
        }

        var clients = ReadUpstreams(r, root, baseDirectory, proxy, files, loaded);
        var names = ReadTrunkNames(r, root, tlsListeners, clientCaLoaded);
        return (new TlsSettings(server, clients, loaded), names);
    }

    private static TlsServerCredentials? ReadServer(ConfigReader r, YamlNode node, string baseDirectory, List<string> files, List<X509Certificate2> loaded, out bool clientCaLoaded)
    {
        clientCaLoaded = false;
        if (r.Map(node, "tls", ConfigSchema.Tls) is not { } map)
        {
            return null;
        }

        var certNode = r.Required(map, "tls", "certificate", "the PEM file of the listener's certificate (and its intermediates)");
        var keyNode = r.Required(map, "tls", "key", "the PEM file of the certificate's private key");
        var caNode = ConfigReader.Get(map, "client_ca");
        var requireNode = ConfigReader.Get(map, "require_client_certificate");
        var require = r.Bool(requireNode, "tls.require_client_certificate") ?? false;
        var certFile = File(r, certNode, "tls.certificate", baseDirectory, files);
        var keyFile = File(r, keyNode, "tls.key", baseDirectory, files);
        var clientCa = caNode is null ? null : LoadRoots(r, caNode, "tls.client_ca", baseDirectory, files, loaded);
        clientCaLoaded = clientCa is not null;
        if (require && caNode is null)
        {
            r.Error(requireNode!, "tls.require_client_certificate", "needs tls.client_ca: a client certificate is verified against it");
        }

        if (certFile is null || keyFile is null)
        {
            return null;
        }

        try
        {
            var chain = new X509Certificate2Collection();
            chain.ImportFromPemFile(certFile);
            loaded.AddRange(chain); // the leaf as read without its key is not used; the intermediates are
            using var leaf = X509Certificate2.CreateFromPemFile(certFile, keyFile);
            var intermediates = new X509Certificate2Collection();
            for (var i = 1; i < chain.Count; i++)
            {
                intermediates.Add(chain[i]);
            }

            // Re-imported so the key is usable for the handshake on every platform, not only as loaded from PEM.
            var usable = X509CertificateLoader.LoadPkcs12(leaf.Export(X509ContentType.Pkcs12), null);
            loaded.Add(usable);
            var context = System.Net.Security.SslStreamCertificateContext.Create(usable, intermediates, offline: true);
            loaded.Add(context.TargetCertificate);
            loaded.AddRange(context.IntermediateCertificates); // the context's own copies
            return new TlsServerCredentials(context, clientCa, require);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            r.Error(certNode!, "tls.certificate", $"cannot load '{certFile}' with key '{keyFile}': {e.Message}");
            return null;
        }
    }

    private static Dictionary<SipEndpoint, TlsClientCredentials> ReadUpstreams(ConfigReader r, YamlMappingNode root, string baseDirectory, ProxyConfig proxy, List<string> files, List<X509Certificate2> loaded)
    {
        var clients = new Dictionary<SipEndpoint, TlsClientCredentials>();
        if (ConfigReader.Get(root, "upstreams") is not YamlMappingNode upstreams)
        {
            return clients;
        }

        foreach (var (id, key, value) in r.Entries(upstreams))
        {
            var path = $"upstreams.{id}";
            var config = proxy.Upstreams.FirstOrDefault(u => u.Id == id);
            var tlsTargets = config?.Targets.Where(t => t.Transport == SipTransportKind.Tls).ToArray() ?? [];
            var tlsNode = value is YamlMappingNode entry ? ConfigReader.Get(entry, "tls") : null;
            if (tlsNode is null)
            {
                if (tlsTargets.Length > 0)
                {
                    r.Error(key, path, $"'{tlsTargets[0].Uri}' is reached over TLS: add tls: {{ ca: FILE }} to say whom to trust");
                }

                continue;
            }

            if (tlsTargets.Length == 0)
            {
                r.Error(tlsNode, $"{path}.tls", "no target of this upstream is reached over TLS (sips: or ;transport=tls)");
            }

            if (r.Map(tlsNode, $"{path}.tls", ConfigSchema.UpstreamTls) is not { } map)
            {
                continue;
            }

            var caNode = r.Required(map, $"{path}.tls", "ca", "the PEM file of the CA the upstream's certificate must chain to");
            var nameNode = ConfigReader.Get(map, "server_name");
            var serverName = r.String(nameNode, $"{path}.tls.server_name");
            if (serverName is { Length: 0 })
            {
                r.Error(nameNode!, $"{path}.tls.server_name", "is empty; write the name the upstream's certificate carries, or leave it out to use the target's host");
            }

            if (caNode is null || LoadRoots(r, caNode, $"{path}.tls.ca", baseDirectory, files, loaded) is not { } ca)
            {
                continue;
            }

            foreach (var target in tlsTargets)
            {
                if (IPAddress.TryParse(target.Host, out var address))
                {
                    clients[SipEndpoint.FromIPEndPoint(new IPEndPoint(address, target.Port))] = new TlsClientCredentials(ca, serverName ?? target.Host);
                }
                else
                {
                    // Credentials are keyed by the address a connection goes to; a name's addresses come later, from DNS.
                    r.Error(caNode, $"{path}.tls", $"target '{target.Uri}' is a DNS name: TLS to a target given by name is not built yet; write its IP address");
                }
            }
        }

        return clients;
    }

    private static Dictionary<string, IReadOnlyList<string>> ReadTrunkNames(ConfigReader r, YamlMappingNode root, bool tlsListeners, bool clientCaLoaded)
    {
        var names = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (ConfigReader.Get(root, "trunks") is not YamlMappingNode trunks)
        {
            return names;
        }

        foreach (var (id, _, value) in r.Entries(trunks))
        {
            var path = $"trunks.{id}.tls_names";
            if (value is not YamlMappingNode trunk || ConfigReader.Get(trunk, "tls_names") is not { } node)
            {
                continue;
            }

            var list = r.StringList(node, path).Select(item => item.Value.Trim()).ToArray();
            if (node is YamlSequenceNode { Children.Count: 0 } || list.Any(n => n.Length == 0))
            {
                r.Error(node, path, "needs at least one certificate name, e.g. [ \"pbx.example.net\" ], and no empty one");
            }
            else if (!tlsListeners)
            {
                r.Error(node, path, "no tls:// listener: a request on this trunk could never show a certificate; add one to listen");
            }
            else if (!clientCaLoaded)
            {
                r.Error(node, path, "needs tls.client_ca: a certificate name counts only once the certificate is verified");
            }

            names[id] = list;
        }

        return names;
    }

    private static X509Certificate2Collection? LoadRoots(ConfigReader r, YamlNode node, string path, string baseDirectory, List<string> files, List<X509Certificate2> loaded)
    {
        if (File(r, node, path, baseDirectory, files) is not { } file)
        {
            return null;
        }

        try
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(file);
            loaded.AddRange(roots);
            if (roots.Count == 0)
            {
                r.Error(node, path, $"'{file}' holds no PEM certificate");
                return null;
            }

            return roots;
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            r.Error(node, path, $"cannot load '{file}': {e.Message}");
            return null;
        }
    }

    /// <summary>The full path a key names, relative to the config file; recorded so a change to it reloads.</summary>
    private static string? File(ConfigReader r, YamlNode? node, string path, string baseDirectory, List<string> files)
    {
        if (r.String(node, path) is not { Length: > 0 } value)
        {
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(baseDirectory, value));
        files.Add(full);
        if (!System.IO.File.Exists(full))
        {
            r.Error(node!, path, $"'{full}' does not exist");
            return null;
        }

        return full;
    }
}
