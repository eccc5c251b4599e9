namespace SipGuard.Policy.Numbering;

/// <summary>
/// Thompson NFA over the digits 0-9, built from the regular-expression subset libphonenumber's
/// metadata uses (digits, <c>[..]</c> classes, <c>\d</c>, <c>(?:…)</c>, <c>|</c>, <c>?</c>, <c>*</c>,
/// <c>+</c>, <c>{n}</c>, <c>{n,m}</c>). Several patterns share one NFA, each final state tagged with a
/// bit, so one subset construction yields a DFA that answers "which patterns match" in one walk.
/// Start-up only; never on the call path.
/// </summary>
internal sealed class DigitNfa
{
    private readonly List<ushort> _mask = [];   // digit set of the state's one character edge (0 = none)
    private readonly List<int> _next = [];      // target of that edge
    private readonly List<List<int>> _eps = [];  // epsilon edges
    private readonly List<ushort> _accept = [];  // pattern bits of final states
    private readonly List<int> _starts = [];

    public int StateCount => _mask.Count;

    public IReadOnlyList<int> Starts => _starts;

    public ushort MaskOf(int state) => _mask[state];

    public int NextOf(int state) => _next[state];

    public List<int> EpsilonOf(int state) => _eps[state];

    public ushort AcceptOf(int state) => _accept[state];

    /// <summary>Adds <paramref name="pattern"/> (matched in full) tagged with <paramref name="tagBit"/>; returns an error text or null.</summary>
    public string? TryAdd(string pattern, ushort tagBit)
    {
        var parser = new Parser(this, pattern);
        string? error;
        (int Start, int End) frag;
        try
        {
            frag = parser.ParseAlternation();
            error = parser.Position == pattern.Length ? null : $"unexpected '{pattern[parser.Position]}' at {parser.Position}";
        }
        catch (FormatException ex)
        {
            // The parser's own signal for a construct outside the supported subset; caught here and returned as a value.
            return ex.Message;
        }

        if (error is not null)
        {
            return error;
        }

        _accept[frag.End] |= tagBit;
        _starts.Add(frag.Start);
        return null;
    }

    private int NewState()
    {
        _mask.Add(0);
        _next.Add(-1);
        _eps.Add([]);
        _accept.Add(0);
        return _mask.Count - 1;
    }

    private void Epsilon(int from, int to) => _eps[from].Add(to);

    private sealed class Parser(DigitNfa nfa, string text)
    {
        public int Position { get; private set; }

        public (int Start, int End) ParseAlternation()
        {
            var first = ParseConcatenation();
            if (Position >= text.Length || text[Position] != '|')
            {
                return first;
            }

            var s = nfa.NewState();
            var e = nfa.NewState();
            nfa.Epsilon(s, first.Start);
            nfa.Epsilon(first.End, e);
            while (Position < text.Length && text[Position] == '|')
            {
                Position++;
                var f = ParseConcatenation();
                nfa.Epsilon(s, f.Start);
                nfa.Epsilon(f.End, e);
            }

            return (s, e);
        }

        private (int Start, int End) ParseConcatenation()
        {
            var s = nfa.NewState();
            var end = s;
            while (Position < text.Length && text[Position] != '|' && text[Position] != ')')
            {
                var f = ParseRepeat();
                nfa.Epsilon(end, f.Start);
                end = f.End;
            }

            return (s, end);
        }

        private (int Start, int End) ParseRepeat()
        {
            var atomStart = Position;
            var frag = ParseAtom();
            while (Position < text.Length)
            {
                var c = text[Position];
                if (c == '?')
                {
                    Position++;
                    frag = Optional(frag);
                }
                else if (c == '*')
                {
                    Position++;
                    frag = Star(frag);
                }
                else if (c == '+')
                {
                    Position++;
                    frag = Chain(frag, Star(Reparse(atomStart)));
                }
                else if (c == '{')
                {
                    var (min, max) = ParseBounds();
                    var afterQuantifier = Position;
                    frag = Repeat(atomStart, afterQuantifier, min, max);
                }
                else
                {
                    break;
                }
            }

            return frag;
        }

        // Quantifiers need the atom several times; re-parsing its text builds fresh copies without an AST.
        private (int Start, int End) Reparse(int atomStart)
        {
            var saved = Position;
            Position = atomStart;
            var f = ParseAtom();
            Position = saved;
            return f;
        }

        private (int Start, int End) Repeat(int atomStart, int afterQuantifier, int min, int max)
        {
            var s = nfa.NewState();
            var end = s;
            for (var i = 0; i < min; i++)
            {
                var f = Reparse(atomStart);
                nfa.Epsilon(end, f.Start);
                end = f.End;
            }

            if (max < 0)
            {
                var f = Star(Reparse(atomStart));
                nfa.Epsilon(end, f.Start);
                end = f.End;
            }
            else
            {
                for (var i = min; i < max; i++)
                {
                    var f = Optional(Reparse(atomStart));
                    nfa.Epsilon(end, f.Start);
                    end = f.End;
                }
            }

            Position = afterQuantifier;
            return (s, end);
        }

        private (int Start, int End) Chain((int Start, int End) a, (int Start, int End) b)
        {
            nfa.Epsilon(a.End, b.Start);
            return (a.Start, b.End);
        }

        private (int Start, int End) Optional((int Start, int End) f)
        {
            var s = nfa.NewState();
            var e = nfa.NewState();
            nfa.Epsilon(s, f.Start);
            nfa.Epsilon(s, e);
            nfa.Epsilon(f.End, e);
            return (s, e);
        }

        private (int Start, int End) Star((int Start, int End) f)
        {
            var s = nfa.NewState();
            var e = nfa.NewState();
            nfa.Epsilon(s, f.Start);
            nfa.Epsilon(s, e);
            nfa.Epsilon(f.End, f.Start);
            nfa.Epsilon(f.End, e);
            return (s, e);
        }

        private (int Min, int Max) ParseBounds()
        {
            Position++; // '{'
            var min = ParseInt();
            var max = min;
            if (Peek() == ',')
            {
                Position++;
                max = Peek() == '}' ? -1 : ParseInt();
            }

            Expect('}');
            return (min, max);
        }

        private int ParseInt()
        {
            var start = Position;
            var v = 0;
            while (Position < text.Length && char.IsAsciiDigit(text[Position]))
            {
                v = (v * 10) + (text[Position] - '0');
                Position++;
            }

            return Position == start ? throw new FormatException($"number expected at {start}") : v;
        }

        private (int Start, int End) ParseAtom()
        {
            var c = Peek();
            ushort mask;
            if (char.IsAsciiDigit(c))
            {
                Position++;
                mask = (ushort)(1 << (c - '0'));
            }
            else if (c == '\\' && Position + 1 < text.Length && text[Position + 1] == 'd')
            {
                Position += 2;
                mask = 0x3FF;
            }
            else if (c == '[')
            {
                mask = ParseClass();
            }
            else if (c == '(')
            {
                Position++;
                if (Peek() == '?')
                {
                    Position++;
                    Expect(':');
                }

                var inner = ParseAlternation();
                Expect(')');
                return inner;
            }
            else
            {
                throw new FormatException($"unsupported '{c}' at {Position}");
            }

            var s = nfa.NewState();
            var e = nfa.NewState();
            nfa._mask[s] = mask;
            nfa._next[s] = e;
            return (s, e);
        }

        private ushort ParseClass()
        {
            Position++; // '['
            var negate = Peek() == '^';
            if (negate)
            {
                Position++;
            }

            var mask = 0;
            while (Peek() != ']')
            {
                var lo = Peek();
                if (lo == '\\' && Position + 1 < text.Length && text[Position + 1] == 'd')
                {
                    Position += 2;
                    mask |= 0x3FF;
                    continue;
                }

                if (!char.IsAsciiDigit(lo))
                {
                    throw new FormatException($"unsupported class member '{lo}' at {Position}");
                }

                Position++;
                var hi = lo;
                if (Peek() == '-')
                {
                    Position++;
                    hi = Peek();
                    if (!char.IsAsciiDigit(hi))
                    {
                        throw new FormatException($"bad class range at {Position}");
                    }

                    Position++;
                }

                for (var d = lo; d <= hi; d++)
                {
                    mask |= 1 << (d - '0');
                }
            }

            Position++; // ']'
            return (ushort)(negate ? ~mask & 0x3FF : mask);
        }

        private char Peek() => Position < text.Length ? text[Position] : throw new FormatException("unexpected end of pattern");

        private void Expect(char c)
        {
            if (Peek() != c)
            {
                throw new FormatException($"'{c}' expected at {Position}");
            }

            Position++;
        }
    }
}
