using SipGuard.Policy.Configuration;

namespace SipGuard.Policy.Yaml;

/// <summary>The keys of the policy sections and the words their enums accept: the one schema the package's loader
/// and the SipGuard host agree on (the host adds only its own sections and its own trunk keys).</summary>
internal static class PolicySchema
{
    /// <summary>The top-level sections the policy reads.</summary>
    public static readonly string[] Sections = ["numbering", "trunks", "special_users", "lists"];

    public static readonly string[] Numbering = ["country", "service_numbers", "ip_access_prefixes"];

    public static readonly string[] Trunk =
    [
        "kind", "sources", "mode", "allowed_callers", "special", "block_domestic_callers",
        "domestic_exemptions", "assert_identity", "strip_untrusted_identity", "allow_forwarded", "registration",
    ];

    public static readonly string[] Registration = ["customer", "purpose", "line_type", "location", "peer_device"];

    public static readonly string[] List = ["file", "action", "code", "tag", "applies_to", "max_shrink", "allow_empty"];

    /// <summary>Prefix of a <c>domestic_exemptions</c> entry that names a list instead of a number.</summary>
    public const string ListReferencePrefix = "list:";

    public static readonly EnumWords<TrunkKind> TrunkKinds = new(
        ("private-line", TrunkKind.PrivateLine),
        ("international", TrunkKind.International),
        ("interconnect", TrunkKind.Interconnect),
        ("trusted", TrunkKind.Trusted));

    public static readonly EnumWords<TrunkMode> TrunkModes = new(
        ("enforce", TrunkMode.Enforce),
        ("monitor", TrunkMode.Monitor),
        ("off", TrunkMode.Off));

    public static readonly EnumWords<ListAction> ListActions = new(
        ("reject", ListAction.Reject),
        ("tag", ListAction.Tag),
        ("exempt", ListAction.Exempt));
}
