using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SipGuard.Evidence;
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
        builder =>
        {
            // The evidence log is settled at start-up (a reload does not move it); its service is
            // registered first so it stops after the proxy has drained.
            builder.Services.AddSingleton(sp => new EvidenceLog(
                EvidenceSettings.From(sp.GetRequiredService<ConfigStore<RuntimeSnapshot>>().Current.Config.Evidence),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<EvidenceLog>>(),
                fingerprints: sp.GetService<ConfigFingerprints>()));
            builder.Services.AddSingleton<IEvidenceHealth>(sp => sp.GetRequiredService<EvidenceLog>());
            builder.Services.AddHostedService<EvidenceService>();
            builder.Services.AddSingleton<Resolution.UpstreamNames>();
            builder.Services.AddHostedService<ProxyService>();
            builder.Services.AddHostedService<Resolution.UpstreamNameService>();
        });
}
