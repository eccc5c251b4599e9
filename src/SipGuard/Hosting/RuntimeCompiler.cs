using SipGuard.Admin.Lists;
using SipGuard.Configuration;
using SipGuard.Policy;
using SipGuard.Proxy.Routing;
using SipGuard.Reload;

namespace SipGuard.Hosting;

/// <summary>
/// Compiles a loaded config: the policy (numbers, CIDRs, list files), then the proxy's routing
/// against it; on a reload, a list that shrank suspiciously against the running one fails it.
/// </summary>
/// <remarks>Each list gets its runtime entries (the admin list API's <see cref="IListOverlay"/>) merged over its file.</remarks>
internal sealed class RuntimeCompiler(IListOverlay overlay) : IConfigCompiler<RuntimeSnapshot>
{
    public RuntimeCompiler()
        : this(new FileListOverlay())
    {
    }

    public IListOverlay Overlay => overlay;

    public ConfigCompileResult<RuntimeSnapshot> Compile(SipGuardConfig config, RuntimeSnapshot? previous)
    {
        var lists = previous?.Lists ?? new ListCache();
        IReadOnlyDictionary<string, IReadOnlyList<string>> runtime;
        try
        {
            runtime = overlay.Read(config);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new(null, [new CompileError("admin.runtime_lists", $"cannot read runtime list entries: {e.Message}")]);
        }

        var policy = PolicyCompiler.Compile(config.Policy, lists, runtime);
        var errors = policy.Errors.Select(e => new CompileError(e.ConfigPath, e.Message, e.File, e.Line)).ToList();
        if (policy.Snapshot is null)
        {
            return new(null, errors);
        }

        errors.AddRange(ListShrinkGuard.Check(config.Policy.Lists ?? [], policy.Snapshot.ListEntries, previous?.Proxy.Policy.ListEntries));
        var proxy = ProxySnapshotBuilder.Build(config.Proxy, policy.Snapshot, out var proxyErrors);
        errors.AddRange(proxyErrors.Select(e => new CompileError(e.Path, e.Message)));
        return proxy is null || errors.Count > 0 ? new(null, errors) : new(new RuntimeSnapshot(config, proxy, lists) { Version = ConfigVersion.Of(config, runtime) }, []);
    }
}
