using YamlDotNet.RepresentationModel;

namespace SipGuard.Configuration;

/// <summary>Names the host's sections use for another (a trunk's upstream, an inbound route's trunk), checked once
/// every section has been read so the order of sections in the file does not matter. References inside the policy
/// sections (lists, scopes) are the policy reader's own.</summary>
internal sealed class ConfigReferences
{
    private readonly List<(YamlNode Node, string Path, string Name)> _upstreams = [];
    private readonly List<(YamlNode Node, string Path, string Name)> _trunks = [];

    public void Upstream(YamlNode node, string path, string name) => _upstreams.Add((node, path, name));

    public void Trunk(YamlNode node, string path, string name) => _trunks.Add((node, path, name));

    public void Check(ConfigReader reader, IReadOnlyCollection<string> upstreamIds, IReadOnlyCollection<string> trunkIds)
    {
        ReferenceCheck.Report(reader, _upstreams, upstreamIds, "upstream", "upstreams");
        ReferenceCheck.Report(reader, _trunks, trunkIds, "trunk", "trunks");
    }
}
