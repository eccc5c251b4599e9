using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace SipGuard.Evidence;

/// <summary>
/// The writer's side of the log: serialises lines, chains them, appends them in batches to the
/// current file, rotates by UTC day and by size, and (with a signing key) writes a signed checkpoint
/// every <see cref="EvidenceSettings.CheckpointEvery"/> lines, at each rotation and at shutdown.
/// A failed write keeps the batch: <see cref="Commit"/> returns false and the caller retries it; the
/// chain state only advances once bytes are on disk. Single-threaded: only the writer loop calls it.
/// </summary>
internal sealed partial class EvidenceFileSink : IDisposable
{
    public const string Interval = "interval";
    public const string Rotation = "rotation";
    public const string Shutdown = "shutdown";

    private readonly EvidenceSettings _settings;
    private readonly EvidenceMetrics _metrics;
    private readonly ILogger _logger;
    private readonly IEvidenceStorage _storage;
    private readonly CheckpointSigner? _signer;
    private readonly ArrayBufferWriter<byte> _line = new(4096);
    private readonly ArrayBufferWriter<byte> _pending = new(256 * 1024);
    private readonly Utf8JsonWriter _json;

    private long _seq;
    private string _prev = EvidenceChain.Genesis;
    private long _pendingSeq;
    private string _pendingPrev = EvidenceChain.Genesis;
    private int _pendingCount;
    private bool _pendingCheckpoint;
    private long _sinceCheckpoint;

    private EvidenceFileName? _file;
    private long _size;
    private bool _startNewFile;
    private EvidenceFileName? _rotatingTo;
    private Stream? _stream;

    public EvidenceFileSink(EvidenceSettings settings, EvidenceMetrics metrics, ILogger logger, IEvidenceStorage? storage = null, CheckpointSigner? signer = null)
    {
        _settings = settings;
        _metrics = metrics;
        _logger = logger;
        _storage = storage ?? FileEvidenceStorage.Instance;
        _signer = signer;

        // The log is a file, not HTML: keep '+', '<', '>' and non-ASCII readable so operators can grep numbers and URIs.
        _json = new Utf8JsonWriter(_line, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
    }

    /// <summary>Lines serialised but not yet on disk.</summary>
    public int PendingCount => _pendingCount;

    public int PendingBytes => _pending.WrittenCount;

    /// <summary>The last seq on disk.</summary>
    public long Seq => _seq;

    /// <summary>Creates the folder and continues the chain from the last complete line already in it.</summary>
    public void Open()
    {
        Directory.CreateDirectory(_settings.Directory);
        var tail = EvidenceTail.Read(_settings.Directory);
        if (tail.File is not { } file)
        {
            return;
        }

        _file = file;
        _size = tail.ValidLength;
        _seq = _pendingSeq = tail.Seq;
        _prev = _pendingPrev = tail.Prev;
        _startNewFile = tail.Torn;
        if (tail.Torn)
        {
            TornTail(_logger, file.Name, tail.Seq);
        }

        Resumed(_logger, file.Name, _seq);
    }

    /// <summary>Adds a call record; false when the batch before it could not be written (retry <see cref="Commit"/>, then this).</summary>
    public bool TryAppend(EvidenceRecord record, EvidenceDetails? details) =>
        TryAppendLine(record.UnixMilliseconds, (json, seq, prev) => EvidenceJson.Write(json, record, seq, prev, details));

    /// <summary>Adds one totals line (a trunk's counts for one day since the previous summary).</summary>
    public bool TryAppendTotals(TotalsDelta totals, long unixMilliseconds) =>
        TryAppendLine(unixMilliseconds, (json, seq, prev) => EvidenceJson.WriteTotals(json, totals, unixMilliseconds, seq, prev));

    /// <summary>Signs the chain head now (no-op without a key or with nothing new since the last checkpoint).</summary>
    public void Checkpoint(string reason, long unixMilliseconds)
    {
        if (_signer is null || _sinceCheckpoint == 0)
        {
            return;
        }

        AddCheckpoint(reason, null, unixMilliseconds);
    }

    /// <summary>Writes the pending lines and flushes them to the OS (and to the disk after a checkpoint); false when the write failed.</summary>
    public bool Commit()
    {
        if (_pendingCount == 0)
        {
            return true;
        }

        try
        {
            var stream = EnsureStream();
            stream.Write(_pending.WrittenSpan);
            stream.Flush();
            if (_pendingCheckpoint && stream is FileStream file)
            {
                file.Flush(flushToDisk: true);
            }

            _size += _pending.WrittenCount;
            _seq = _pendingSeq;
            _prev = _pendingPrev;
            _metrics.Written(_pendingCount);
            _pending.ResetWrittenCount();
            _pendingCount = 0;
            _pendingCheckpoint = false;
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _metrics.WriteFailed();
            WriteFailed(_logger, ex, _pendingCount, _file?.Name ?? "?");
            CloseStream();
            return false;
        }
    }

    public void Dispose()
    {
        CloseStream();
        _json.Dispose();
    }

    private bool TryAppendLine(long unixMilliseconds, Action<Utf8JsonWriter, long, string> write)
    {
        var day = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).UtcDateTime);
        if (!EnsureFileFor(day, unixMilliseconds))
        {
            return false;
        }

        _line.ResetWrittenCount();
        _json.Reset(_line);
        write(_json, _pendingSeq + 1, _pendingPrev);
        _json.Flush();
        Add(_line.WrittenSpan);
        _sinceCheckpoint++;
        if (_signer is not null && _sinceCheckpoint >= _settings.CheckpointEvery)
        {
            AddCheckpoint(Interval, null, unixMilliseconds);
        }

        return true;
    }

    private void Add(ReadOnlySpan<byte> line)
    {
        _pending.Write(line);
        _pending.Write("\n"u8);
        _pendingCount++;
        _pendingSeq++;
        _pendingPrev = EvidenceChain.Hash(line);
    }

    private void AddCheckpoint(string reason, string? next, long unixMilliseconds)
    {
        var seq = _pendingSeq + 1;
        var time = EvidenceJson.FormatTime(unixMilliseconds);
        var signature = _signer!.Sign(CheckpointSigner.Payload(seq, _pendingPrev, time, reason, next, _signer.KeyId));
        _line.ResetWrittenCount();
        _json.Reset(_line);
        EvidenceJson.WriteCheckpoint(_json, seq, _pendingPrev, time, reason, next, _signer.KeyId, signature);
        _json.Flush();
        Add(_line.WrittenSpan);
        _pendingCheckpoint = true;
        _sinceCheckpoint = 0;
    }

    /// <summary>
    /// Makes sure the next line can go to the file for <paramref name="day"/>. A rotation creates the
    /// next file first, then ends the old file with a checkpoint naming it, and writes that out before
    /// anything goes to the new file; false when that write failed (the rotation resumes on retry).
    /// </summary>
    private bool EnsureFileFor(DateOnly day, long unixMilliseconds)
    {
        if (_rotatingTo is null)
        {
            if (_file is not { } current)
            {
                _file = new EvidenceFileName(day, NextIndex(day));
                _size = 0;
                return true;
            }

            var full = _size + _pending.WrittenCount >= _settings.MaxFileBytes;
            if (current.Day == day && !full && !_startNewFile)
            {
                return true;
            }

            if (current.Day == day && _size + _pending.WrittenCount == 0 && !_startNewFile)
            {
                return true;
            }

            var next = new EvidenceFileName(day, NextIndex(day));
            try
            {
                _storage.Touch(Path.Combine(_settings.Directory, next.Name));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _metrics.WriteFailed();
                WriteFailed(_logger, ex, _pendingCount, next.Name);
                return false;
            }

            _rotatingTo = next;
            if (_signer is not null && !_startNewFile)
            {
                AddCheckpoint(Rotation, next.Name, unixMilliseconds);
            }
        }

        if (!Commit())
        {
            return false;
        }

        CloseStream();
        _file = _rotatingTo;
        _rotatingTo = null;
        _startNewFile = false;
        _size = 0;
        return true;
    }

    private int NextIndex(DateOnly day)
    {
        var next = 1;
        foreach (var (name, _) in EvidenceFileName.List(_settings.Directory))
        {
            if (name.Day == day && name.Index >= next)
            {
                next = name.Index + 1;
            }
        }

        if (_file is { } current && current.Day == day && current.Index >= next)
        {
            next = current.Index + 1;
        }

        return next;
    }

    private Stream EnsureStream()
    {
        if (_stream is not null)
        {
            return _stream;
        }

        Directory.CreateDirectory(_settings.Directory);
        var stream = _storage.OpenWrite(Path.Combine(_settings.Directory, _file!.Value.Name));
        try
        {
            // Bytes past the last committed line are this process's own failed write: drop them before retrying the batch.
            // (A torn line left by a crash is never here: a restart continues in a new file.)
            if (stream.Length != _size)
            {
                stream.SetLength(_size);
            }

            stream.Seek(0, SeekOrigin.End);
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        _stream = stream;
        return stream;
    }

    private void CloseStream()
    {
        try
        {
            _stream?.Dispose();
        }
        catch (IOException)
        {
            // Already counted as a failed write; the next commit reopens the file.
        }

        _stream = null;
    }

    [LoggerMessage(EventId = 41, Level = LogLevel.Critical, Message = "ALARM: evidence write failed ({File}); {Count} record(s) held in memory and retried; flagged calls are refused with 503 until it recovers")]
    private static partial void WriteFailed(ILogger logger, Exception exception, int count, string file);

    [LoggerMessage(EventId = 42, Level = LogLevel.Information, Message = "Evidence log continues {File} after seq {Seq}")]
    private static partial void Resumed(ILogger logger, string file, long seq);

    [LoggerMessage(EventId = 44, Level = LogLevel.Warning, Message = "Evidence file {File} ends in a torn line (a write cut off, e.g. by a crash); it is kept for verify to report, and the chain continues after seq {Seq} in a new file")]
    private static partial void TornTail(ILogger logger, string file, long seq);
}
