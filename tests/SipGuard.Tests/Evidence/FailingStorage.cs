using SipGuard.Evidence;

namespace SipGuard.Tests.Evidence;

/// <summary>Real files, but every write fails like a full disk while <see cref="Failing"/> is set; tells the test when writes fail and succeed.</summary>
internal sealed class FailingStorage : IEvidenceStorage
{
    private readonly TaskCompletionSource _failedTwice = New();
    private TaskCompletionSource _wrote = New();
    private int _failures;

    public volatile bool Failing;

    /// <summary>Completes at the second failed write: the first failure has already marked the log unhealthy.</summary>
    public Task FailedTwice => _failedTwice.Task;

    /// <summary>Completes at the first successful write after <see cref="ExpectWrite"/>.</summary>
    public Task Wrote => _wrote.Task;

    public void ExpectWrite() => _wrote = New();

    public Stream OpenWrite(string path) => new Gate(this, new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, 1));

    public void Touch(string path) => new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, 1).Dispose();

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Gate(FailingStorage owner, FileStream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => true;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (owner.Failing)
            {
                // Half the batch reaches the file first, as a real disk-full does: the retry must not leave it torn.
                inner.Write(buffer[..(buffer.Length / 2)]);
                if (Interlocked.Increment(ref owner._failures) == 2)
                {
                    owner._failedTwice.TrySetResult();
                }

                throw new IOException("No space left on device");
            }

            inner.Write(buffer);
            owner._wrote.TrySetResult();
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void SetLength(long value) => inner.SetLength(value);

        protected override void Dispose(bool disposing)
        {
            inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
