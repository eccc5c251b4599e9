namespace SipGuard.Evidence;

/// <summary>Where the sink's bytes go: the file system in production, a failing stand-in in tests.</summary>
internal interface IEvidenceStorage
{
    /// <summary>Opens (creating if needed) a log file for writing; the caller positions it.</summary>
    Stream OpenWrite(string path);

    /// <summary>Creates an empty file if none is there (the next file of a rotation, before the old one says so).</summary>
    void Touch(string path);
}
