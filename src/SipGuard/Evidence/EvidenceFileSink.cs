using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace SipGuard.Evidence;

/// <summary>
/// The writer's side of the log: serialises records, chains them, and appends them in batches to
/// the current file, rotating by UTC day and by size. A failed write (disk full) loses that batch,
/// rolls the chain back to the last line on disk so the chain stays unbroken, trims any torn bytes,
/// and tries again with the next batch. Single-threaded: only the writer loop calls it.
/// </summary>
internal sealed partial class EvidenceFileSink : IDisposable
{
    private const int CommitBytes = 256 * 1024;
    private const int TailProbeBytes = 1024 * 1024;

    private readonly EvidenceSettings _settings;
    private readonly EvidenceMetrics _metrics;
    private readonly ILogger _logger;
    private readonly ArrayBufferWriter<byte> _line = new(2048);
    private readonly ArrayBufferWriter<byte> _pending = new(CommitBytes);
    private readonly Utf8JsonWriter _json;

    private long _seq;
    private string _prev = EvidenceChain.Genesis;
    private long _pendingSeq;
    private string _pendingPrev = EvidenceChain.Genesis;
    private int _pendingCount;

    private EvidenceFileName? _file;
    private long _size;
    private FileStream? _stream;

    public EvidenceFileSink(EvidenceSettings settings, EvidenceMetrics metrics, ILogger logger)
    {
        _settings = settings;
        _metrics = metrics;
        _logger = logger;

        // The log is a file, not HTML: keep '+', '<', '>' and non-ASCII readable so operators can grep numbers and URIs.
        _json = new Utf8JsonWriter(_line, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
    }

    /// <summary>Records that left the queue but are not yet on disk.</summary>
    public int PendingCount => _pendingCount;

    /// <summary>Creates the folder and continues the chain from the last line already in it.</summary>
    public void Open()
    {
        Directory.CreateDirectory(_settings.Directory);
        var files = EvidenceFileName.List(_settings.Directory);
        if (files.Count == 0)
        {
            return;
        }

        var (name, path) = files[^1];
        var (validLength, lastLine) = ReadTail(path);
        _file = name;
        _size = validLength;
        if (lastLine is not null)
        {
            _prev = EvidenceChain.Hash(lastLine);
            _seq = ReadSeq(lastLine);
        }

        _pendingSeq = _seq;
        _pendingPrev = _prev;
        Resumed(_logger, name.Name, _seq);
    }

    public void Append(EvidenceRecord record)
    {
        _line.ResetWrittenCount();
        _json.Reset(_line);
        EvidenceJson.Write(_json, record, _pendingSeq + 1, _pendingPrev);
        _json.Flush();
        var line = _line.WrittenSpan;
        var day = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(record.UnixMilliseconds).UtcDateTime);
        var needed = line.Length + 1L;

        if (_file is not { } current || current.Day != day)
        {
            Commit();
            SwitchTo(new EvidenceFileName(day, NextIndex(day)));
        }
        else if (_size + _pending.WrittenCount + needed > _settings.MaxFileBytes && _size + _pending.WrittenCount > 0)
        {
            Commit();
            if (_size > 0)
            {
                SwitchTo(current with { Index = current.Index + 1 });
            }
        }

        _pending.Write(line);
        _pending.Write("\n"u8);
        _pendingCount++;
        _pendingSeq++;
        _pendingPrev = EvidenceChain.Hash(line);
        if (_pending.WrittenCount >= CommitBytes)
        {
            Commit();
        }
    }

    /// <summary>Writes the pending lines and flushes them to the OS.</summary>
    public void Commit()
    {
        if (_pendingCount == 0)
        {
            return;
        }

        var count = _pendingCount;
        try
        {
            var stream = EnsureStream();
            stream.Write(_pending.WrittenSpan);
            stream.Flush();
            _size += _pending.WrittenCount;
            _seq = _pendingSeq;
            _prev = _pendingPrev;
            _metrics.Written(count);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _metrics.WriteFailed();
            _metrics.Dropped("write-error", count);
            WriteFailed(_logger, ex, count, _file?.Name ?? "?");
            _pendingSeq = _seq;
            _pendingPrev = _prev;
            CloseStream();
        }
        finally
        {
            _pending.ResetWrittenCount();
            _pendingCount = 0;
        }
    }

    public void Dispose()
    {
        Commit();
        CloseStream();
        _json.Dispose();
    }

    private void SwitchTo(EvidenceFileName next)
    {
        CloseStream();
        _file = next;
        _size = 0;
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

        return next;
    }

    private FileStream EnsureStream()
    {
        if (_stream is not null)
        {
            return _stream;
        }

        var path = Path.Combine(_settings.Directory, _file!.Value.Name);
        Directory.CreateDirectory(_settings.Directory);
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, bufferSize: 1);
        try
        {
            // Bytes past the last committed line are a torn write from a failure: drop them so the chain resumes cleanly.
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

    private static (long ValidLength, byte[]? LastLine) ReadTail(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var length = stream.Length;
        var probe = (int)Math.Min(length, TailProbeBytes);
        var buffer = new byte[probe];
        stream.Seek(length - probe, SeekOrigin.Begin);
        stream.ReadExactly(buffer);
        var end = buffer.AsSpan().LastIndexOf((byte)'\n');
        if (end < 0)
        {
            return (length - probe, null);
        }

        var start = buffer.AsSpan(0, end).LastIndexOf((byte)'\n') + 1;
        return (length - probe + end + 1, buffer[start..end]);
    }

    private static long ReadSeq(byte[] line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.TryGetProperty(EvidenceJson.Seq, out var seq) && seq.TryGetInt64(out var value) ? value : 0;
        }
        catch (JsonException)
        {
            return 0;
        }
    }

    [LoggerMessage(EventId = 41, Level = LogLevel.Critical, Message = "ALARM: evidence write failed, {Count} record(s) lost (file {File}); retrying with the next record")]
    private static partial void WriteFailed(ILogger logger, Exception exception, int count, string file);

    [LoggerMessage(EventId = 42, Level = LogLevel.Information, Message = "Evidence log continues {File} after seq {Seq}")]
    private static partial void Resumed(ILogger logger, string file, long seq);
}
