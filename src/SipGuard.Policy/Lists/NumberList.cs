using SipGuard.Policy.NumberSets;

namespace SipGuard.Policy.Lists;

/// <summary>A list file loaded into a <see cref="NumberSet"/>, with what identifies its file version.</summary>
internal sealed record NumberList(
    string FullPath,
    long FileLength,
    DateTime LastWriteUtc,
    int CountryCode,
    NumberSet Numbers,
    int Entries,
    TimeSpan LoadTime);
