namespace SipGuard.Evidence;

internal sealed class FileEvidenceStorage : IEvidenceStorage
{
    public static FileEvidenceStorage Instance { get; } = new();

    public Stream OpenWrite(string path) =>
        new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, bufferSize: 1);

    public void Touch(string path)
    {
        using var _ = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, bufferSize: 1);
    }
}
