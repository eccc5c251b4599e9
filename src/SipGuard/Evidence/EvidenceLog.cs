using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using SipGuard.Configuration;
using SipGuard.Policy;
using SipGuard.Proxy.Screening;
using SipGuard.Sip.Messages;

namespace SipGuard.Evidence;

/// <summary>
/// The tamper-evident evidence log. <see cref="OnScreened"/> runs on the receive thread: it copies
/// the request's identity headers into a pooled record and queues it on a bounded channel; one
/// background loop writes the queue to JSON-lines files. A full queue never stalls calls for long:
/// <c>block</c> waits at most <see cref="EvidenceSettings.BlockTimeout"/>, <c>reject</c> not at all,
/// and every record that cannot be queued is counted and logged.
/// </summary>
internal sealed partial class EvidenceLog : IScreeningObserver, IAsyncDisposable
{
    // One log line per this many drops (plus the first): an overload must not flood the log as well.
    private const long DropLogInterval = 1000;

    private readonly EvidenceSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<EvidenceRecord> _queue;
    private readonly EvidenceRecordPool _pool;
    private readonly EvidenceMetrics _metrics;
    private readonly EvidenceFileSink _sink;
    private Task? _loop;
    private long _dropped;

    public EvidenceLog(EvidenceSettings settings, TimeProvider time, ILogger<EvidenceLog> logger, System.Diagnostics.Metrics.IMeterFactory? meters = null)
    {
        _settings = settings;
        _time = time;
        _logger = logger;
        _queue = Channel.CreateBounded<EvidenceRecord>(new BoundedChannelOptions(settings.Capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _pool = new EvidenceRecordPool(settings.Capacity);
        _metrics = new EvidenceMetrics(() => _queue.Reader.Count, meters);
        _sink = new EvidenceFileSink(settings, _metrics, logger);
    }

    /// <summary>Records lost since start (queue overflow); write failures are counted by the sink's metrics.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public int QueueDepth => _queue.Reader.Count;

    /// <summary>Opens the log (continuing an existing chain) and starts the writer loop.</summary>
    public void Start()
    {
        _sink.Open();
        _loop = Task.Run(WriteLoopAsync);
        Started(_logger, _settings.Directory, _settings.OnOverflow);
    }

    /// <summary>Stops taking records, writes everything queued, flushes and closes the file.</summary>
    public async Task StopAsync()
    {
        _queue.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
            _loop = null;
        }

        _sink.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _metrics.Dispose();
    }

    /// <summary>Records the screening; false only when the record was dropped and <c>on_overflow</c> is <c>reject</c> (fail closed).</summary>
    public bool OnScreened(in ScreeningEvent screening) =>
        Enqueue(Capture(screening)) || _settings.OnOverflow != EvidenceOverflow.Reject;

    /// <summary>A flood block is evidence too: the request that tipped the source over, rule <c>flood</c>, no response (the source is ignored).</summary>
    public void OnSourceBlocked(in SourceBlockEvent block)
    {
        var record = CaptureRequest(block.Request);
        record.UnixMilliseconds = _time.GetUtcNow().ToUnixTimeMilliseconds();
        record.TrunkId = block.Trunk?.Id;
        record.Mode = block.Trunk?.Mode;
        record.Source = block.Source;
        record.Transport = block.Transport;
        record.Outcome = DecisionOutcome.Reject;
        record.Status = 0;
        record.ReasonPhrase = $"source ignored for {block.BlockFor.TotalSeconds:0.###} s";
        record.RuleId = SourceBlockEvent.RuleId;
        record.Tag = null;
        record.ListId = null;
        record.CallerNumber = default;
        record.RuleNumber = default;
        record.ResponseStatus = 0;
        Enqueue(record);
    }

    /// <summary>Records a change made through the admin list API; false when the record could not be queued.</summary>
    public bool OnListChanged(ListChangeEvidence change)
    {
        var record = _pool.Rent(0);
        record.UnixMilliseconds = _time.GetUtcNow().ToUnixTimeMilliseconds();
        record.ListChange = change;
        return Enqueue(record);
    }

    /// <summary>Queues the record for the writer; false when it was dropped (queue full, counted and logged).</summary>
    private bool Enqueue(EvidenceRecord record)
    {
        if (_queue.Writer.TryWrite(record))
        {
            return true;
        }

        if (_settings.OnOverflow == EvidenceOverflow.Block && WaitToQueue(record))
        {
            return true;
        }

        _pool.Return(record);
        var total = Interlocked.Increment(ref _dropped);
        _metrics.Dropped(_settings.OnOverflow == EvidenceOverflow.Block ? "queue-timeout" : "queue-full");
        if (total == 1 || total % DropLogInterval == 0)
        {
            Overflow(_logger, total, _settings.Capacity, _settings.OnOverflow);
        }

        return false;
    }

    private bool WaitToQueue(EvidenceRecord record)
    {
        using var timeout = new CancellationTokenSource(_settings.BlockTimeout, _time);
        try
        {
            // Sync wait on purpose: the observer contract is synchronous, and the wait is bounded.
            _queue.Writer.WriteAsync(record, timeout.Token).AsTask().GetAwaiter().GetResult();
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (ChannelClosedException)
        {
            return false;
        }
    }

    private EvidenceRecord Capture(in ScreeningEvent screening)
    {
        var record = CaptureRequest(screening.Request);
        var decision = screening.Decision;
        record.UnixMilliseconds = _time.GetUtcNow().ToUnixTimeMilliseconds();
        record.TrunkId = decision.Trunk?.Id;
        record.Mode = decision.Trunk?.Mode;
        record.Source = screening.Source;
        record.Transport = screening.Transport;
        record.Outcome = decision.Outcome;
        record.Status = decision.Status;
        record.ReasonPhrase = decision.ReasonPhrase;
        record.RuleId = decision.RuleId;
        record.Tag = decision.Tag;
        record.ListId = decision.ListId;
        record.CallerNumber = decision.CallerNumber;
        record.RuleNumber = decision.RuleNumber;
        record.ResponseStatus = screening.ResponseStatus;
        return record;
    }

    /// <summary>The request's identity headers, copied into a pooled record (no strings).</summary>
    private EvidenceRecord CaptureRequest(SipMessage request)
    {
        var bytes = request.RequestUriRange.Length;
        foreach (var header in request.Headers)
        {
            if (IsRecorded(header.Id))
            {
                bytes += header.Value.Length;
            }
        }

        var record = _pool.Rent(bytes);
        record.ListChange = null;
        var text = record.Text;
        var used = 0;
        record.RequestUri = Copy(request, request.RequestUriRange, text, ref used);
        record.CallId = default;
        record.From = default;
        record.To = default;
        record.Privacy = default;
        foreach (var header in request.Headers)
        {
            switch (header.Id)
            {
                case KnownHeader.CallId when record.CallId.IsEmpty:
                    record.CallId = Copy(request, header.Value, text, ref used);
                    break;
                case KnownHeader.From when record.From.IsEmpty:
                    record.From = Copy(request, header.Value, text, ref used);
                    break;
                case KnownHeader.To when record.To.IsEmpty:
                    record.To = Copy(request, header.Value, text, ref used);
                    break;
                case KnownHeader.Privacy when record.Privacy.IsEmpty:
                    record.Privacy = Copy(request, header.Value, text, ref used);
                    break;
                case KnownHeader.PAssertedIdentity when record.PaiCount < EvidenceRecord.MaxIdentities:
                    record.Pai[record.PaiCount++] = Copy(request, header.Value, text, ref used);
                    break;
                case KnownHeader.RemotePartyId when record.RpidCount < EvidenceRecord.MaxIdentities:
                    record.Rpid[record.RpidCount++] = Copy(request, header.Value, text, ref used);
                    break;
                default:
                    break;
            }
        }

        return record;
    }

    private static bool IsRecorded(KnownHeader id) => id is KnownHeader.CallId or KnownHeader.From or KnownHeader.To
        or KnownHeader.Privacy or KnownHeader.PAssertedIdentity or KnownHeader.RemotePartyId;

    private static TextRange Copy(SipMessage request, ByteRange range, byte[] text, ref int used)
    {
        var source = request[range];
        source.CopyTo(text.AsSpan(used));
        var copied = new TextRange(used, source.Length);
        used += source.Length;
        return copied;
    }

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var record))
            {
                try
                {
                    _sink.Append(record);
                }
                finally
                {
                    _pool.Return(record);
                }
            }

            // The queue is empty: put what we have on disk before waiting.
            _sink.Commit();
        }
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Evidence log in {Directory} (on_overflow: {OnOverflow})")]
    private static partial void Started(ILogger logger, string directory, EvidenceOverflow onOverflow);

    [LoggerMessage(EventId = 43, Level = LogLevel.Warning, Message = "Evidence queue full ({Capacity} records, on_overflow: {OnOverflow}): {Total} record(s) dropped so far")]
    private static partial void Overflow(ILogger logger, long total, int capacity, EvidenceOverflow onOverflow);
}
