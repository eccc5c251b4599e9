using System.Globalization;
using SipGuard.Policy.Configuration;
using SipGuard.Policy.Lists;
using SipGuard.Policy.Numbering;
using SipGuard.Policy.NumberSets;
using SipGuard.Policy.Trunks;

namespace SipGuard.Policy;

/// <summary>
/// Validates a <see cref="PolicyConfig"/> and compiles it into a <see cref="PolicySnapshot"/>. Every
/// error is collected with its YAML path (and file:line for list files); nothing throws for bad input.
/// </summary>
public static class PolicyCompiler
{
    private const string ListReferencePrefix = "list:";
    private const int DefaultRejectCode = 608;

    /// <summary>
    /// Checks one <c>trunks.&lt;t&gt;.sources</c> entry with the parser <see cref="Compile"/> uses, so a config
    /// loader can report a bad CIDR together with its other errors.
    /// </summary>
    public static bool IsValidSource(string text, out string? error) => SourcePattern.TryParse(text, out _, out error);

    /// <param name="runtimeEntries">Entries added at run time per list id (the list API's overlay), merged over each list file.</param>
    public static PolicyCompileResult Compile(PolicyConfig config, ListCache? cache = null, IReadOnlyDictionary<string, IReadOnlyList<string>>? runtimeEntries = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = new List<PolicyError>();

        var plan = CompileNumbering(config.Numbering ?? NumberingConfig.Default, cache, errors);
        if (plan is null)
        {
            // Every number in the config is read through the plan; without it nothing else can be checked.
            return new PolicyCompileResult(null, errors);
        }

        var specialUsers = CompileSet(plan, config.SpecialUsers ?? [], "special_users", errors);
        var lists = CompileLists(config, plan, cache, runtimeEntries, errors);
        var trunkIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in config.Trunks ?? [])
        {
            trunkIds.Add(t.Id);
        }

        var rules = CompileListRules(config, lists, trunkIds, errors);
        var trunks = new List<TrunkSnapshot>();
        var sources = new List<(SourcePattern, TrunkSnapshot)>();
        var claimed = new Dictionary<SourcePattern, string>();
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in config.Trunks ?? [])
        {
            var path = "trunks." + t.Id;
            if (string.IsNullOrWhiteSpace(t.Id))
            {
                errors.Add(new PolicyError("trunks", "a trunk needs an id"));
                continue;
            }

            if (!seenIds.Add(t.Id))
            {
                errors.Add(new PolicyError(path, $"trunk '{t.Id}' is defined twice"));
                continue;
            }

            var patterns = new List<SourcePattern>();
            var srcs = t.Sources ?? [];
            if (srcs.Count == 0)
            {
                errors.Add(new PolicyError(path + ".sources", "a trunk needs at least one source (CIDR, optional :port)"));
            }

            for (var i = 0; i < srcs.Count; i++)
            {
                var p = $"{path}.sources[{i}]";
                if (!SourcePattern.TryParse(srcs[i], out var pattern, out var error))
                {
                    errors.Add(new PolicyError(p, error!));
                }
                else if (claimed.TryGetValue(pattern, out var owner))
                {
                    errors.Add(new PolicyError(p, $"source {pattern} is already claimed by {owner}"));
                }
                else
                {
                    claimed.Add(pattern, p);
                    patterns.Add(pattern);
                }
            }

            var allowed = CompileSet(plan, t.AllowedCallers ?? [], path + ".allowed_callers", errors);
            var (exemptions, exemptLists) = CompileExemptions(plan, t, lists, errors);
            var inScope = rules.Where(r => InScope(r.Scope, t)).Select(r => r.Rule).ToArray();
            var trunk = new TrunkSnapshot(
                t,
                t.Kind == TrunkKind.International && (t.BlockDomesticCallers ?? true),
                allowed,
                exemptions,
                exemptLists,
                [.. inScope.Where(r => r.Action == ListAction.Reject)],
                [.. inScope.Where(r => r.Action == ListAction.Tag)]);
            trunks.Add(trunk);
            sources.AddRange(patterns.Select(p => (p, trunk)));
        }

        if (errors.Count > 0)
        {
            return new PolicyCompileResult(null, errors);
        }

        var snapshot = new PolicySnapshot(config, plan, specialUsers, trunks, new TrunkMatcher(sources), lists);
        return new PolicyCompileResult(snapshot, errors);
    }

    private static NumberingPlan? CompileNumbering(NumberingConfig numbering, ListCache? cache, List<PolicyError> errors)
    {
        var region = (numbering.Country ?? "CN").Trim().ToUpperInvariant();
        if (region != "CN")
        {
            errors.Add(new PolicyError("numbering.country", $"'{numbering.Country}' is not supported: only CN's numbering plan is compiled"));
            return null;
        }

        var tables = cache?.TryGetTables(region);
        if (tables is null)
        {
            tables = NumberingTables.TryCompile(region, out var error);
            if (tables is null)
            {
                errors.Add(new PolicyError("numbering.country", error!));
                return null;
            }

            cache?.StoreTables(tables);
        }

        var prefixes = new List<byte[]>();
        var ipPrefixes = numbering.IpAccessPrefixes ?? [];
        for (var i = 0; i < ipPrefixes.Count; i++)
        {
            var p = ipPrefixes[i]?.Trim() ?? string.Empty;
            if (p.Length is 0 or > 8 || !p.All(char.IsAsciiDigit))
            {
                errors.Add(new PolicyError($"numbering.ip_access_prefixes[{i}]", $"'{p}' is not a digit prefix (e.g. 17951)"));
                continue;
            }

            prefixes.Add(System.Text.Encoding.ASCII.GetBytes(p));
        }

        // Service numbers are read through a plan without them (so "86…" readings do not depend on themselves).
        var bootstrap = new NumberingPlan(tables, NumberSet.Empty, [.. prefixes]);
        var service = CompileSet(bootstrap, numbering.ServiceNumbers ?? [], "numbering.service_numbers", errors);
        return new NumberingPlan(tables, service, [.. prefixes]);
    }

    private static NumberSet CompileSet(NumberingPlan plan, IReadOnlyList<string> entries, string path, List<PolicyError> errors)
    {
        var builder = new NumberSetBuilder(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            if (NumberPatternParser.TryParse(plan, entries[i] ?? string.Empty, out var pattern, out var error))
            {
                builder.Add(pattern);
            }
            else
            {
                errors.Add(new PolicyError($"{path}[{i}]", error ?? "bad entry"));
            }
        }

        return builder.Build();
    }

    private static Dictionary<string, NumberList> CompileLists(
        PolicyConfig config, NumberingPlan plan, ListCache? cache, IReadOnlyDictionary<string, IReadOnlyList<string>>? runtimeEntries, List<PolicyError> errors)
    {
        var lists = new Dictionary<string, NumberList>(StringComparer.Ordinal);
        foreach (var l in config.Lists ?? [])
        {
            var path = $"lists.{l.Id}";
            if (lists.ContainsKey(l.Id))
            {
                errors.Add(new PolicyError(path, $"list '{l.Id}' is defined twice"));
                continue;
            }

            if (string.IsNullOrWhiteSpace(l.File))
            {
                errors.Add(new PolicyError(path + ".file", "a list needs a file"));
                continue;
            }

            string fullPath;
            try
            {
                fullPath = Path.GetFullPath(l.File, string.IsNullOrEmpty(config.BaseDirectory) ? Directory.GetCurrentDirectory() : config.BaseDirectory);
            }
            catch (ArgumentException ex)
            {
                errors.Add(new PolicyError(path + ".file", $"'{l.File}' is not a usable path: {ex.Message}"));
                continue;
            }

            NumberList? list = null;
            if (cache is not null)
            {
                var info = new FileInfo(fullPath);
                if (info.Exists)
                {
                    list = cache.TryGet(fullPath, info.Length, info.LastWriteTimeUtc, plan.CountryCode);
                }
            }

            if (list is null)
            {
                list = ListFileLoader.Load(fullPath, path + ".file", plan, errors);
                if (list is not null)
                {
                    cache?.Store(list);
                }
            }

            if (list is not null && runtimeEntries is not null && runtimeEntries.TryGetValue(l.Id, out var extra) && extra.Count > 0)
            {
                list = RuntimeListEntries.Merge(list, extra, plan, path, errors);
            }

            if (list is not null)
            {
                lists.Add(l.Id, list);
            }
        }

        return lists;
    }

    private static List<(ListRule Rule, IReadOnlyList<string> Scope)> CompileListRules(
        PolicyConfig config, Dictionary<string, NumberList> lists, HashSet<string> trunkIds, List<PolicyError> errors)
    {
        var rules = new List<(ListRule, IReadOnlyList<string>)>();
        foreach (var l in config.Lists ?? [])
        {
            var path = $"lists.{l.Id}";
            var scope = l.AppliesTo ?? [];
            for (var i = 0; i < scope.Count; i++)
            {
                if (KindOf(scope[i]) is null && !trunkIds.Contains(scope[i]))
                {
                    errors.Add(new PolicyError($"{path}.applies_to[{i}]", $"'{scope[i]}' is neither a trunk kind (private-line, international, interconnect, trusted) nor a trunk id"));
                }
            }

            var code = l.RejectCode == 0 ? DefaultRejectCode : l.RejectCode;
            if (l.Action == ListAction.Reject && code is < 400 or > 699)
            {
                errors.Add(new PolicyError(path + ".code", $"{code} is not a SIP rejection status (400-699)"));
            }

            if (l.Action == ListAction.Exempt || !lists.TryGetValue(l.Id, out var list))
            {
                continue;
            }

            var tag = l.Action == ListAction.Tag ? (string.IsNullOrWhiteSpace(l.Tag) ? l.Id : l.Tag) : null;
            rules.Add((new ListRule(l.Id, l.Action, code, ReasonPhrases.For(code), tag, list), scope));
        }

        return rules;
    }

    private static (NumberSet, NumberList[]) CompileExemptions(NumberingPlan plan, TrunkConfig t, Dictionary<string, NumberList> lists, List<PolicyError> errors)
    {
        var builder = new NumberSetBuilder();
        var refs = new List<NumberList>();
        var entries = t.DomesticExemptions ?? [];
        for (var i = 0; i < entries.Count; i++)
        {
            var p = $"trunks.{t.Id}.domestic_exemptions[{i}]";
            var entry = entries[i] ?? string.Empty;
            if (entry.StartsWith(ListReferencePrefix, StringComparison.Ordinal))
            {
                var id = entry[ListReferencePrefix.Length..].Trim();
                if (lists.TryGetValue(id, out var list))
                {
                    refs.Add(list);
                }
                else
                {
                    errors.Add(new PolicyError(p, $"no list '{id}' is defined under lists"));
                }
            }
            else if (NumberPatternParser.TryParse(plan, entry, out var pattern, out var error))
            {
                builder.Add(pattern);
            }
            else
            {
                errors.Add(new PolicyError(p, error ?? "bad entry"));
            }
        }

        return (builder.Build(), [.. refs]);
    }

    private static bool InScope(IReadOnlyList<string> scope, TrunkConfig trunk)
    {
        if (scope.Count == 0)
        {
            return true;
        }

        foreach (var s in scope)
        {
            if (s == trunk.Id || KindOf(s) == trunk.Kind)
            {
                return true;
            }
        }

        return false;
    }

    private static TrunkKind? KindOf(string name) => name.ToLower(CultureInfo.InvariantCulture) switch
    {
        "private-line" => TrunkKind.PrivateLine,
        "international" => TrunkKind.International,
        "interconnect" => TrunkKind.Interconnect,
        "trusted" => TrunkKind.Trusted,
        _ => null,
    };
}
