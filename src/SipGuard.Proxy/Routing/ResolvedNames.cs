namespace SipGuard.Proxy.Routing;

/// <summary>
/// The last good answer for each upstream target written as a DNS name, keyed by the target's URI as
/// written in the config. Immutable: the resolver publishes a new one when an answer changes, and
/// the snapshot is rebuilt with it. A name with no entry (not answered yet) contributes no target.
/// </summary>
public sealed class ResolvedNames
{
    private readonly Dictionary<string, ResolvedTarget[]> _answers;

    private ResolvedNames(Dictionary<string, ResolvedTarget[]> answers) => _answers = answers;

    public static ResolvedNames None { get; } = new(new Dictionary<string, ResolvedTarget[]>(StringComparer.Ordinal));

    public int Count => _answers.Count;

    public IReadOnlyList<ResolvedTarget> For(string uri) => _answers.TryGetValue(uri, out var targets) ? targets : [];

    /// <summary>A copy with <paramref name="uri"/>'s answer replaced.</summary>
    public ResolvedNames With(string uri, IReadOnlyList<ResolvedTarget> targets) =>
        new(new Dictionary<string, ResolvedTarget[]>(_answers, StringComparer.Ordinal) { [uri] = [.. targets] });

    /// <summary>A copy holding only the names in <paramref name="uris"/> (a reload dropped the others).</summary>
    public ResolvedNames Keep(IReadOnlySet<string> uris) =>
        new(_answers.Where(a => uris.Contains(a.Key)).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal));
}
