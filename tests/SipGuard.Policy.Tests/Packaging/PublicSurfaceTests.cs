namespace SipGuard.Policy.Tests.Packaging;

/// <summary>The package's public API is what an embedding application needs, and nothing of the proxy.</summary>
public sealed class PublicSurfaceTests
{
    private static readonly Type[] Exported = typeof(PolicySnapshot).Assembly.GetExportedTypes();

    [Fact]
    public void The_exported_types_are_the_documented_api()
    {
        Exported.Select(t => t.FullName).Should().BeEquivalentTo(
        [
            "SipGuard.Policy.Yaml.PolicyConfigLoader", "SipGuard.Policy.Yaml.PolicyConfigLoadResult", "SipGuard.Policy.Yaml.PolicyLoadOptions",
            "SipGuard.Policy.Yaml.ConfigError", "SipGuard.Policy.Yaml.ConfigLocation", "SipGuard.Policy.Yaml.ConfigSourceMap",
            "SipGuard.Policy.Configuration.PolicyConfig", "SipGuard.Policy.Configuration.NumberingConfig", "SipGuard.Policy.Configuration.TrunkConfig",
            "SipGuard.Policy.Configuration.ListConfig", "SipGuard.Policy.Configuration.RegistrationRecord", "SipGuard.Policy.Configuration.TrunkKind",
            "SipGuard.Policy.Configuration.TrunkMode", "SipGuard.Policy.Configuration.ListAction",
            "SipGuard.Policy.PolicyCompiler", "SipGuard.Policy.PolicyCompileResult", "SipGuard.Policy.PolicyError", "SipGuard.Policy.ListCache",
            "SipGuard.Policy.PolicySnapshot", "SipGuard.Policy.TrunkSnapshot",
            "SipGuard.Policy.CallAttempt", "SipGuard.Policy.CallerIdentity", "SipGuard.Policy.SourceEndpoint", "SipGuard.Policy.IdentityOrigin",
            "SipGuard.Policy.IdentityFlags", "SipGuard.Policy.PrivacyFlags", "SipGuard.Policy.RpidPrivacy", "SipGuard.Policy.SipTransport",
            "SipGuard.Policy.Decision", "SipGuard.Policy.DecisionOutcome", "SipGuard.Policy.RuleIds", "SipGuard.Policy.E164Number",
            "SipGuard.Policy.PolicyTrace", "SipGuard.Policy.TraceStep", "SipGuard.Policy.StepVerdict", "SipGuard.Policy.IdentityTrace",
            "SipGuard.Policy.NumberForm", "SipGuard.Policy.NumberAnomaly",
        ]);
    }

    [Fact]
    public void No_public_member_names_an_upstream()
    {
        var members = Exported.SelectMany(t => t.GetMembers().Select(m => $"{t.Name}.{m.Name}"));
        members.Should().NotContain(m => m.Contains("Upstream", StringComparison.OrdinalIgnoreCase));
    }
}
