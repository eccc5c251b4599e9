using SipGuard.Configuration;
using SipGuard.Policy;
using SipGuard.Proxy.Routing;
using SipGuard.Reload;

namespace SipGuard.Hosting;

/// <summary>
/// Compiles a loaded config: the policy (numbers, CIDRs, list files), then the proxy's routing
/// against it; on a reload, a list that shrank suspiciously against the running one fails it.
/// </summary>
internal sealed class RuntimeCompiler : IConfigCompiler<RuntimeSnapshot>
{
    public ConfigCompileResult<RuntimeSnapshot> Compile(SipGuardConfig config, RuntimeSnapshot? previous)
    {
        var lists = previous?.Lists ?? new ListCache();
        var policy = PolicyCompiler.Compile(config.Policy, lists);
        var errors = policy.Errors.Select(e => new CompileError(e.ConfigPath, e.Message, e.File, e.Line)).ToList();
        if (policy.Snapshot is null)
        {
            return new(null, errors);
        }

        errors.AddRange(ListShrinkGuard.Check(config.Policy.Lists ?? [], policy.Snapshot.ListEntries, previous?.Proxy.Policy.ListEntries));
        var proxy = ProxySnapshotBuilder.Build(config.Proxy, policy.Snapshot, out var proxyErrors);
        errors.AddRange(proxyErrors.Select(e => new CompileError(e.Path, e.Message)));
        return proxy is null || errors.Count > 0 ? new(null, errors) : new(new RuntimeSnapshot(config, proxy, lists), []);
    }
}
