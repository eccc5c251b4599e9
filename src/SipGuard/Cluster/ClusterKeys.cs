namespace SipGuard.Cluster;

/// <summary>The Redis keys and channel of one cluster, all under <c>cluster.key_prefix</c>.</summary>
internal sealed class ClusterKeys(string prefix)
{
    /// <summary>A set per list with its runtime entries.</summary>
    public string List(string list) => prefix + "list:" + list;

    /// <summary>Present while Redis holds the cluster's lists; missing after Redis lost its data, so nodes write back.</summary>
    public string Seeded => prefix + "seeded";

    /// <summary>Pub/sub channel: the id of each list that changed.</summary>
    public string Changes => prefix + "list-changes";

    /// <summary>A hash per node: its config version and when it last reconciled (for drift checks with redis-cli).</summary>
    public string Node(string node) => prefix + "node:" + node;

    /// <summary>A hash per limit (trunk id, or <c>*</c> for the global one): field = node, value = <c>active:admitted:unix-ms</c>.</summary>
    public string Limit(string id) => prefix + "limit:" + id;

    /// <summary>A set of the limit ids that have a hash, so a node reads the limits another node's calls touched.</summary>
    public string Limits => prefix + "limits";

    /// <summary>Pub/sub channel: each flood block a node starts, <c>node|address|seconds</c>.</summary>
    public string FloodBlocks => prefix + "flood-blocks";
}
