using SipGuard.Policy.Lists;
using SipGuard.Policy.Numbering;

namespace SipGuard.Policy;

/// <summary>
/// Keeps loaded lists (and the compiled numbering tables) between compiles, so a config edit does not
/// reload a ten-million-entry list whose file is unchanged (same path, length and last-write time).
/// Pass the same instance to every <see cref="PolicyCompiler.Compile"/> of one process. Thread safe.
/// </summary>
public sealed class ListCache
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, NumberList> _lists = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NumberingTables> _tables = new(StringComparer.Ordinal);

    /// <summary>Lists held.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _lists.Count;
            }
        }
    }

    /// <summary>Times a compile reused a list instead of reading its file (for tests and metrics).</summary>
    public int Hits { get; private set; }

    internal NumberList? TryGet(string fullPath, long length, DateTime lastWriteUtc, int countryCode)
    {
        lock (_gate)
        {
            if (_lists.TryGetValue(fullPath, out var list) && list.FileLength == length
                && list.LastWriteUtc == lastWriteUtc && list.CountryCode == countryCode)
            {
                Hits++;
                return list;
            }

            return null;
        }
    }

    internal void Store(NumberList list)
    {
        lock (_gate)
        {
            _lists[list.FullPath] = list;
        }
    }

    /// <summary>Drops the loaded lists but keeps the numbering tables (benchmarks measure a cold list load).</summary>
    internal void ClearLists()
    {
        lock (_gate)
        {
            _lists.Clear();
        }
    }

    internal NumberingTables? TryGetTables(string region)
    {
        lock (_gate)
        {
            return _tables.GetValueOrDefault(region);
        }
    }

    internal void StoreTables(NumberingTables tables)
    {
        lock (_gate)
        {
            _tables[tables.Region] = tables;
        }
    }
}
