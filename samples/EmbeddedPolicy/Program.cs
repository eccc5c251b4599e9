// Decides the calls of a CSV file (name,source,from,pai,privacy) with the policy of a YAML file and prints one
// verdict a line, the way a B2BUA that embeds SipGuard.Policy would decide each INVITE before routing it.
//   dotnet run -- policy.yaml calls.csv [--explain]
using SipGuard.Policy;
using SipGuard.Policy.Yaml;

var explain = args.Contains("--explain");
var files = args.Where(a => a != "--explain").ToArray();
if (files.Length != 2)
{
    Console.Error.WriteLine("usage: EmbeddedPolicy POLICY.yaml CALLS.csv [--explain]");
    return 64;
}

// 1. Load the policy sections; every error names file:line:column.
var loaded = PolicyConfigLoader.LoadFile(files[0]);
if (!loaded.Succeeded)
{
    foreach (var error in loaded.Errors)
    {
        Console.Error.WriteLine(error);
    }

    return 1;
}

// 2. Compile once (numbering plan, number sets, lists); errors found here are located through the source map.
var compiled = PolicyCompiler.Compile(loaded.Config!);
if (!compiled.Succeeded)
{
    foreach (var error in compiled.Errors)
    {
        Console.Error.WriteLine(loaded.Map.ToConfigError(error));
    }

    return 1;
}

// 3. Decide each call. The snapshot is immutable: a real application reloads by compiling again and
//    replacing its reference to the snapshot (one volatile write), so each call reads it once.
var policy = compiled.Snapshot!;
var badRows = 0;
foreach (var (line, row) in File.ReadLines(files[1]).Select((l, i) => (i + 1, l)).Skip(1))
{
    if (row.Length == 0)
    {
        continue;
    }

    if (!CallRow.TryParse(row, out var call, out var problem))
    {
        Console.Error.WriteLine($"{files[1]}:{line}: {problem}");
        badRows++;
        continue;
    }

    var attempt = call.ToAttempt();
    var decision = policy.Decide(attempt);
    var status = decision.Status == 0 ? "" : $" {decision.Status} {decision.ReasonPhrase}";
    var tag = decision.Tag is null ? "" : $" tag=\"{decision.Tag}\"";
    Console.WriteLine($"{call.Name}: {decision.Outcome}{status} [{decision.RuleId}]{tag} trunk={decision.Trunk?.Id ?? "-"}");
    if (explain)
    {
        Console.WriteLine(policy.Explain(attempt).ToString().Replace("\n", "\n    ", StringComparison.Ordinal).Insert(0, "    "));
    }
}

return badRows == 0 ? 0 : 2;
