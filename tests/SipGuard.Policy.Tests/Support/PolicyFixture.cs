using SipGuard.Policy.Configuration;

namespace SipGuard.Policy.Tests.Support;

/// <summary>One policy with a trunk of every kind and a list of every action, shared by the decision tables.</summary>
public sealed class PolicyFixture : IDisposable
{
    private readonly TempDirectory _dir = new();

    public PolicyFixture()
    {
        _dir.Write("intl-fakes.txt", "# fake international numbers notified by the police\n+12025550123\n+861066022299\n+4420*\n");
        _dir.Write("acme-black.txt", "+861066022001\n");
        _dir.Write("trusted-black.txt", "+8613511112222\n");
        _dir.Write("suspected.txt", "# grey list\n013512345678\n");
        _dir.Write("roaming.txt", "+8613700000001\n");
        string[] allowed =
        [
            "+861066022236", "+86106602*", "+8675526030000..+8675526039999", "+8613800138*", "+8613512345678",
        ];
        var config = new PolicyConfig(
            NumberingConfig.Default,
            [
                Trunk("acme-line-1", TrunkKind.PrivateLine, "127.0.0.2/32", TrunkMode.Enforce, allowed),
                Trunk("acme-monitor", TrunkKind.PrivateLine, "127.0.0.4/32", TrunkMode.Monitor, allowed),
                Trunk("acme-off", TrunkKind.PrivateLine, "127.0.0.9/32", TrunkMode.Off, allowed),
                Trunk("intl-gw", TrunkKind.International, "127.0.0.3/32", TrunkMode.Enforce, [])
                    with { DomesticExemptions = ["+8613912345678", "list:roaming"] },
                Trunk("acme-special", TrunkKind.PrivateLine, "127.0.0.8/32", TrunkMode.Enforce, allowed) with { Special = true },
                Trunk("acme-forwarding", TrunkKind.PrivateLine, "127.0.0.10/32", TrunkMode.Enforce, allowed) with { AllowForwarded = true },
                Trunk("special-pbx", TrunkKind.Interconnect, "127.0.0.5/32", TrunkMode.Enforce, []) with { Special = true },
                Trunk("carrier-b", TrunkKind.Interconnect, "127.0.0.6/32", TrunkMode.Enforce, []),
                Trunk("core", TrunkKind.Trusted, "127.0.0.7/32", TrunkMode.Enforce, []),
            ],
            ["+8613800138000"],
            [
                new ListConfig("police-intl-fakes", "intl-fakes.txt", ListAction.Reject, 608, null, ["international"]),
                new ListConfig("acme-black", "acme-black.txt", ListAction.Reject, 603, null, ["acme-line-1", "acme-forwarding"]),
                new ListConfig("core-black", "trusted-black.txt", ListAction.Reject, 0, null, ["trusted"]),
                new ListConfig("suspected-fraud", "suspected.txt", ListAction.Tag, 0, "suspected fraud", []),
                new ListConfig("roaming", "roaming.txt", ListAction.Exempt, 0, null, []),
            ],
            _dir.Path);
        var result = PolicyCompiler.Compile(config);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("\n", result.Errors));
        }

        Snapshot = result.Snapshot!;
    }

    public PolicySnapshot Snapshot { get; }

    public static TrunkConfig Trunk(string id, TrunkKind kind, string source, TrunkMode mode, IReadOnlyList<string> allowed) =>
        new(id, kind, [source], "callcenter", mode, allowed, false, null, [], null);

    public static SourceEndpoint SourceOf(string trunk) => trunk switch
    {
        "acme" => SourceEndpoint.Parse("127.0.0.2", 5060),
        "intl" => SourceEndpoint.Parse("127.0.0.3", 5060),
        "monitor" => SourceEndpoint.Parse("127.0.0.4", 5060),
        "special" => SourceEndpoint.Parse("127.0.0.5", 5060),
        "carrier" => SourceEndpoint.Parse("127.0.0.6", 5060),
        "core" => SourceEndpoint.Parse("127.0.0.7", 5060),
        "acme-special" => SourceEndpoint.Parse("127.0.0.8", 5060),
        "off" => SourceEndpoint.Parse("127.0.0.9", 5060),
        "forwarding" => SourceEndpoint.Parse("127.0.0.10", 5060),
        "stranger" => SourceEndpoint.Parse("127.0.0.200", 5060),
        _ => throw new ArgumentException(trunk),
    };

    public void Dispose() => _dir.Dispose();
}
