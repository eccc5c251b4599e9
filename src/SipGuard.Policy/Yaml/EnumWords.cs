namespace SipGuard.Policy.Yaml;

/// <summary>The words an enum key accepts, in the order messages list them (<c>enforce | monitor | off</c>).</summary>
internal sealed class EnumWords<T>(params (string Word, T Value)[] pairs)
    where T : struct, Enum
{
    private readonly (string Word, T Value)[] _pairs = pairs;

    public IEnumerable<string> Words => _pairs.Select(p => p.Word);

    public bool TryGetValue(string word, out T value)
    {
        foreach (var (w, v) in _pairs)
        {
            if (w == word)
            {
                value = v;
                return true;
            }
        }

        value = default;
        return false;
    }

    public string WordFor(T value)
    {
        foreach (var (w, v) in _pairs)
        {
            if (EqualityComparer<T>.Default.Equals(v, value))
            {
                return w;
            }
        }

        return value.ToString();
    }
}
