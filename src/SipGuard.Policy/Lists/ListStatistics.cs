namespace SipGuard.Policy;

/// <summary>Size and load cost of one loaded list (for start-up logs, reports and the benchmarks).</summary>
/// <param name="Entries">Entries read (exact numbers, prefixes and ranges; duplicates included).</param>
/// <param name="TableBytes">Bytes of the exact-number table.</param>
/// <param name="LoadTime">Time spent reading and indexing the file (as measured when the file was read).</param>
internal sealed record ListStatistics(int Entries, long TableBytes, TimeSpan LoadTime);
