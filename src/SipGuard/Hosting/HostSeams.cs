using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SipGuard.Reload;

namespace SipGuard.Hosting;

/// <summary>
/// SEAM: the three places the rest of SipGuard plugs into the host. <see cref="Default"/> is what
/// <c>Program</c> uses; the lead replaces its parts after merging the policy engine and the proxy core.
/// </summary>
/// <param name="Compiler">Config → runtime snapshot (policy + proxy compilation); used at start-up, on reload, by check and explain.</param>
/// <param name="Explainer">The engine behind <c>sipguard explain</c>.</param>
/// <param name="ConfigureProxy">Registers the proxy's services and hosted services; the <see cref="ConfigStore{TSnapshot}"/>
/// of <see cref="RuntimeSnapshot"/> is already registered as a singleton for them to read.</param>
public sealed record HostSeams(
    IConfigCompiler<RuntimeSnapshot> Compiler,
    IExplainer Explainer,
    Action<HostApplicationBuilder> ConfigureProxy)
{
    public static HostSeams Default { get; } = new(
        new RuntimeCompiler(),
        new PolicyExplainer(),
        builder => builder.Services.AddHostedService<ProxyService>());
}
