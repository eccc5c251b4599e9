namespace SipGuard.Proxy.Resilience;

/// <summary>
/// Answers of one target over a sliding window (ten buckets, each a tenth of it), to tell an
/// upstream that refuses most calls (503, 408) from one that refuses one line's calls: only a
/// failure rate over enough answers counts, never a few answers in a row.
/// </summary>
internal sealed class AnswerWindow
{
    private const int Buckets = 10;

    private readonly Lock _lock = new();
    private readonly long[] _bucket = new long[Buckets]; // absolute bucket number + 1; 0 = empty
    private readonly int[] _answers = new int[Buckets];
    private readonly int[] _failures = new int[Buckets];

    /// <summary>
    /// Records one answer at timestamp <paramref name="now"/>; true when, with it, the window holds at
    /// least <paramref name="minAnswers"/> answers of which at least <paramref name="failureRate"/> failed.
    /// </summary>
    public bool Record(long now, long windowTicks, bool failed, int minAnswers, double failureRate)
    {
        var width = Math.Max(1, windowTicks / Buckets);
        var stamp = (now / width) + 1;
        var slot = (int)(stamp % Buckets);
        lock (_lock)
        {
            if (_bucket[slot] != stamp)
            {
                _bucket[slot] = stamp;
                _answers[slot] = 0;
                _failures[slot] = 0;
            }

            _answers[slot]++;
            if (!failed)
            {
                return false;
            }

            _failures[slot]++;
            var answers = 0;
            var failures = 0;
            for (var i = 0; i < Buckets; i++)
            {
                if (_bucket[i] > stamp - Buckets)
                {
                    answers += _answers[i];
                    failures += _failures[i];
                }
            }

            return answers >= minAnswers && failures >= failureRate * answers;
        }
    }

    /// <summary>Forgets every answer (the breaker opened or closed: the next judgement starts afresh).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            Array.Clear(_bucket);
        }
    }
}
