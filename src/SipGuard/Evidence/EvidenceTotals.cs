using System.Collections.Concurrent;
using SipGuard.Policy;

namespace SipGuard.Evidence;

/// <summary>
/// Counts every screened call per trunk × UTC day × verdict (and rule) on the receive threads,
/// lock-free; the writer takes the counts since the last summary (<see cref="Drain"/>) and writes
/// them into the chain as totals lines, so they are durable and covered by the next checkpoint.
/// </summary>
internal sealed class EvidenceTotals
{
    private readonly ConcurrentDictionary<(string Trunk, int Day), Tally> _tallies = new();

    public void Count(string? trunk, DateTimeOffset at, DecisionOutcome outcome, string rule)
    {
        var key = (trunk ?? EvidenceReport.NoTrunk, DateOnly.FromDateTime(at.UtcDateTime).DayNumber);
        var tally = _tallies.GetOrAdd(key, static _ => new Tally());
        Interlocked.Increment(ref tally.Counts[(int)outcome]);
        if (outcome != DecisionOutcome.Allow)
        {
            tally.Rules.AddOrUpdate(rule, 1, static (_, n) => n + 1);
        }
    }

    /// <summary>The counts since the previous drain; tallies with nothing new are skipped.</summary>
    public List<TotalsDelta> Drain()
    {
        var deltas = new List<TotalsDelta>();
        foreach (var (key, tally) in _tallies)
        {
            var allow = Interlocked.Exchange(ref tally.Counts[(int)DecisionOutcome.Allow], 0);
            var reject = Interlocked.Exchange(ref tally.Counts[(int)DecisionOutcome.Reject], 0);
            var would = Interlocked.Exchange(ref tally.Counts[(int)DecisionOutcome.WouldReject], 0);
            var tag = Interlocked.Exchange(ref tally.Counts[(int)DecisionOutcome.Tag], 0);
            var rules = new List<KeyValuePair<string, long>>();
            foreach (var rule in tally.Rules.Keys)
            {
                if (tally.Rules.TryRemove(rule, out var n) && n > 0)
                {
                    rules.Add(new(rule, n));
                }
            }

            rules.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            if (allow + reject + would + tag > 0)
            {
                deltas.Add(new TotalsDelta(DateOnly.FromDayNumber(key.Day), key.Trunk, allow + reject + would + tag, allow, reject, would, tag, rules));
            }
        }

        deltas.Sort((a, b) => a.Day != b.Day ? a.Day.CompareTo(b.Day) : string.CompareOrdinal(a.Trunk, b.Trunk));
        return deltas;
    }

    private sealed class Tally
    {
        public readonly long[] Counts = new long[4];
        public readonly ConcurrentDictionary<string, long> Rules = new(StringComparer.Ordinal);
    }
}
