namespace SipGuard.Policy.Numbering;

/// <summary>
/// Deterministic automaton over the digits 0-9: <c>_next[state * 10 + digit]</c>, state 0 is dead and
/// state 1 the start. Each state carries the bits of the patterns that match a number ending there.
/// Matching a number is one walk over its digits: no allocation, no backtracking.
/// </summary>
internal sealed class DigitDfa
{
    private const int Dead = 0;
    private const int Start = 1;

    private readonly int[] _next;
    private readonly ushort[] _accept;

    private DigitDfa(int[] next, ushort[] accept)
    {
        _next = next;
        _accept = accept;
    }

    public int StateCount => _accept.Length;

    /// <summary>Pattern bits of the patterns that match all of <paramref name="digits"/> (values 0-9).</summary>
    public ushort Match(ReadOnlySpan<byte> digits)
    {
        var next = _next;
        var s = Start;
        foreach (var d in digits)
        {
            s = next[(s * 10) + d];
            if (s == Dead)
            {
                return 0;
            }
        }

        return _accept[s];
    }

    /// <summary>Pattern bits for the last <paramref name="length"/> decimal digits of <paramref name="value"/>.</summary>
    public ushort Match(ulong value, int length)
    {
        Span<byte> digits = stackalloc byte[20];
        for (var i = length - 1; i >= 0; i--)
        {
            digits[i] = (byte)(value % 10);
            value /= 10;
        }

        return Match(digits[..length]);
    }

    /// <summary>Subset construction over every pattern added to <paramref name="nfa"/>.</summary>
    public static DigitDfa Build(DigitNfa nfa)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var sets = new List<int[]> { Array.Empty<int>() };
        var next = new List<int>(new int[10]);
        var accept = new List<ushort> { 0 };
        var work = new Queue<int>();

        int Intern(SortedSet<int> set)
        {
            if (set.Count == 0)
            {
                return Dead;
            }

            var key = string.Join(',', set);
            if (ids.TryGetValue(key, out var id))
            {
                return id;
            }

            id = sets.Count;
            ids.Add(key, id);
            var arr = set.ToArray();
            sets.Add(arr);
            ushort a = 0;
            foreach (var st in arr)
            {
                a |= nfa.AcceptOf(st);
            }

            accept.Add(a);
            next.AddRange(new int[10]);
            work.Enqueue(id);
            return id;
        }

        var start = Closure(nfa, nfa.Starts);
        Intern(start);
        while (work.Count > 0)
        {
            var id = work.Dequeue();
            var members = sets[id];
            for (var d = 0; d < 10; d++)
            {
                var bit = 1 << d;
                var targets = new List<int>();
                foreach (var st in members)
                {
                    if ((nfa.MaskOf(st) & bit) != 0)
                    {
                        targets.Add(nfa.NextOf(st));
                    }
                }

                next[(id * 10) + d] = targets.Count == 0 ? Dead : Intern(Closure(nfa, targets));
            }
        }

        return new DigitDfa([.. next], [.. accept]);
    }

    private static SortedSet<int> Closure(DigitNfa nfa, IEnumerable<int> seeds)
    {
        var set = new SortedSet<int>();
        var stack = new Stack<int>(seeds);
        while (stack.Count > 0)
        {
            var s = stack.Pop();
            if (!set.Add(s))
            {
                continue;
            }

            foreach (var t in nfa.EpsilonOf(s))
            {
                stack.Push(t);
            }
        }

        // Only states with a digit edge or an accept bit matter for the DFA; dropping the pure epsilon
        // states makes equal sets compare equal and keeps the state count down.
        set.RemoveWhere(s => nfa.MaskOf(s) == 0 && nfa.AcceptOf(s) == 0);
        return set;
    }
}
