using SipGuard.Hosting;
using SipGuard.Reload;

namespace SipGuard.Admin;

/// <summary><c>/readyz</c>'s <c>config version: …</c> line, so drift between nodes shows in one request per node.</summary>
internal sealed class ConfigVersionDetail(ConfigStore<RuntimeSnapshot> store) : IReadinessDetail
{
    public string Detail() => store.HasValue ? $"config version: {store.Current.Snapshot.Version}" : "config version: none";
}
