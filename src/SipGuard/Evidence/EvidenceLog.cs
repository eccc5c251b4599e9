using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using SipGuard.Configuration;
using SipGuard.Policy;
using SipGuard.Proxy.Screening;
using SipGuard.Sip.Messages;

namespace SipGuard.Evidence;

/// <summary>
/// The tamper-evident evidence log. <see cref="OnScreened"/> runs on the receive thread: it counts
/// every screened call, copies flagged ones (and a sample of allowed ones) into a pooled record and
/// queues it on a bounded channel; one background loop writes the queue to JSON-lines files. A record
/// that cannot be kept is an evidence failure whatever the cause: a full queue, or a log that cannot
/// write (disk full, I/O error). Then a flagged call that would be forwarded is refused (503): at once
/// with <c>reject</c>, after waiting at most <see cref="EvidenceSettings.BlockTimeout"/> with <c>block</c>.
/// Every refusal is counted and logged; <see cref="Healthy"/> feeds <c>/readyz</c>.
/// </summary>
internal sealed partial class EvidenceLog : IScreeningObserver, IEvidenceHealth, IAsyncDisposable
{
    // One log line per this many drops (plus the first): an overload must not flood the log as well.
    private const long DropLogInterval = 1000;
    private const int CommitBytes = 256 * 1024;
    private const int ShutdownRetries = 5;
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(2);

    private readonly EvidenceSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<EvidenceRecord> _queue;
    private readonly EvidenceRecordPool _pool;
    private readonly EvidenceMetrics _metrics;
    private readonly EvidenceFileSink _sink;
    private readonly CheckpointSigner? _signer;
    private readonly ConfigFingerprints? _fingerprints;
    private readonly EvidenceTotals _totals = new();
    private readonly EvidenceRecord _flushMarker = new() { Kind = EvidenceRecordKind.FlushTotals };
    private readonly long _sampleEvery;
    private readonly EvidenceHealthState _health = new();
    private ITimer? _totalsTimer;
    private Task? _loop;
    private long _dropped;
    private long _allowedSeen;

    public EvidenceLog(
        EvidenceSettings settings,
        TimeProvider time,
        ILogger<EvidenceLog> logger,
        System.Diagnostics.Metrics.IMeterFactory? meters = null,
        IEvidenceStorage? storage = null,
        ConfigFingerprints? fingerprints = null)
    {
        _settings = settings;
        _time = time;
        _logger = logger;
        _fingerprints = fingerprints;
        _queue = Channel.CreateBounded<EvidenceRecord>(new BoundedChannelOptions(settings.Capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _pool = new EvidenceRecordPool(settings.Capacity);
        _metrics = new EvidenceMetrics(() => _queue.Reader.Count, () => _health.Healthy ? 1 : 0, meters);
        _signer = settings.SigningKeyFile is { } key ? CheckpointSigner.FromPem(File.ReadAllText(key)) : null;
        _sink = new EvidenceFileSink(settings, _metrics, logger, storage, _signer);
        _sampleEvery = settings.SampleAllowed > 0 ? Math.Max(1, (long)Math.Round(1 / settings.SampleAllowed)) : 0;
    }

    /// <summary>Records lost since start (queue overflow, or refused while the log could not write).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public int QueueDepth => _queue.Reader.Count;

    public bool Healthy => _health.Healthy;

    public string Detail => _health.Detail;

    /// <summary>Opens the log (continuing an existing chain) and starts the writer loop and the totals timer.</summary>
    public void Start()
    {
        _sink.Open();
        if (_signer is not null)
        {
            // The public half next to the log, so an export can carry it (a verifier still brings the key it trusts).
            var publicKey = Path.Combine(_settings.Directory, EvidenceExport.KeyFilePrefix + _signer.KeyId + ".pem");
            if (!File.Exists(publicKey))
            {
                File.WriteAllText(publicKey, _signer.PublicKeyPem);
            }
        }

        _loop = Task.Run(WriteLoopAsync);
        _totalsTimer = _time.CreateTimer(_ => _queue.Writer.TryWrite(_flushMarker), null, EvidenceSettings.TotalsInterval, EvidenceSettings.TotalsInterval);
        Started(_logger, _settings.Directory, _settings.OnOverflow, _signer?.KeyId ?? "none");
    }

    /// <summary>Stops taking records, writes everything queued and the totals, signs a shutdown checkpoint, flushes and closes the file.</summary>
    public async Task StopAsync()
    {
        if (_totalsTimer is not null)
        {
            await _totalsTimer.DisposeAsync().ConfigureAwait(false);
            _totalsTimer = null;
        }

        _queue.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
            _loop = null;
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            foreach (var delta in _totals.Drain())
            {
                _sink.TryAppendTotals(delta, now);
            }

            _sink.Checkpoint(EvidenceFileSink.Shutdown, now);
            for (var i = 0; i < ShutdownRetries && !_sink.Commit(); i++)
            {
                await Task.Delay(FirstRetry, _time).ConfigureAwait(false);
            }

            if (_sink.PendingCount > 0)
            {
                LostAtShutdown(_logger, _sink.PendingCount);
                _metrics.Dropped("write-error", _sink.PendingCount);
            }
        }

        _sink.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _signer?.Dispose();
        _metrics.Dispose();
    }

    /// <summary>
    /// Counts the call; records it when it was flagged (or sampled, when allowed). False when a flagged
    /// call could not be recorded: the proxy then refuses it instead of forwarding it unrecorded.
    /// </summary>
    public bool OnScreened(in ScreeningEvent screening)
    {
        var decision = screening.Decision;
        var now = _time.GetUtcNow();
        _totals.Count(decision.Trunk?.Id, now, decision.Outcome, decision.RuleId);
        if (decision.Outcome == DecisionOutcome.Allow)
        {
            if (_sampleEvery > 0 && _health.Healthy && Interlocked.Increment(ref _allowedSeen) % _sampleEvery == 0)
            {
                var sample = EvidenceCapture.Call(_pool, screening, now);
                if (!_queue.Writer.TryWrite(sample))
                {
                    _pool.Return(sample);
                }
            }

            return true;
        }

        // A call SipGuard rejects itself is queued whatever the health: it is held and written once the disk recovers.
        if (decision.Outcome != DecisionOutcome.Reject && !_health.Healthy && !WaitHealthy())
        {
            Refused("write-failing");
            return false;
        }

        return Enqueue(EvidenceCapture.Call(_pool, screening, now));
    }

    /// <summary>A flood block is evidence too: the request that tipped the source over, rule <c>flood</c>, no response (the source is ignored).</summary>
    public void OnSourceBlocked(in SourceBlockEvent block)
    {
        var record = EvidenceCapture.Request(_pool, block.Request);
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
        Refused(_settings.OnOverflow == EvidenceOverflow.Block ? "queue-timeout" : "queue-full");
        return false;
    }

    private void Refused(string reason)
    {
        var total = Interlocked.Increment(ref _dropped);
        _metrics.Dropped(reason);
        if (total == 1 || total % DropLogInterval == 0)
        {
            Overflow(_logger, total, reason, _settings.Capacity, _settings.OnOverflow);
        }
    }

    /// <summary><c>block</c> waits (bounded) for a failing log to write again; <c>reject</c> does not wait.</summary>
    private bool WaitHealthy() => _settings.OnOverflow == EvidenceOverflow.Block && _health.Wait(_settings.BlockTimeout, _time);

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

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var record))
            {
                if (record.Kind == EvidenceRecordKind.FlushTotals)
                {
                    await WriteTotalsAsync().ConfigureAwait(false);
                    continue;
                }

                try
                {
                    var details = Details(record);
                    while (!_sink.TryAppend(record, details))
                    {
                        await CommitAsync().ConfigureAwait(false);
                    }
                }
                finally
                {
                    _pool.Return(record);
                }

                if (_sink.PendingBytes >= CommitBytes)
                {
                    await CommitAsync().ConfigureAwait(false);
                }
            }

            // The queue is empty: put what we have on disk before waiting.
            await CommitAsync().ConfigureAwait(false);
        }
    }

    private async Task WriteTotalsAsync()
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var delta in _totals.Drain())
        {
            while (!_sink.TryAppendTotals(delta, now))
            {
                await CommitAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Writes the pending batch; while the write fails, the log is unhealthy and the batch is retried with backoff (nothing is dropped).</summary>
    private async Task CommitAsync()
    {
        var wait = FirstRetry;
        while (!_sink.Commit())
        {
            _health.Failing($"evidence log cannot write to {_settings.Directory} since {_time.GetUtcNow():yyyy-MM-dd'T'HH:mm:ss'Z'}; flagged calls are refused");
            await Task.Delay(wait, _time).ConfigureAwait(false);
            wait = wait * 2 > LastRetry ? LastRetry : wait * 2;
        }

        if (_health.Recovered())
        {
            Recovered(_logger, _settings.Directory);
        }
    }

    /// <summary>The decision re-walked with the snapshot that made it (off the call path), and the config's fingerprint.</summary>
    private EvidenceDetails? Details(EvidenceRecord record)
    {
        if (record.Snapshot is not { } snapshot)
        {
            return null;
        }

        PolicyTrace? trace = null;
        if (record.Invite.Length == record.InviteLength && record.InviteLength > 0)
        {
            trace = CallExplainer.TraceOf(snapshot, record.Source, record.Transport, record[record.Invite]);
        }

        return new EvidenceDetails(trace, _fingerprints?.For(snapshot));
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Evidence log in {Directory} (on_overflow: {OnOverflow}, checkpoint key: {KeyId})")]
    private static partial void Started(ILogger logger, string directory, EvidenceOverflow onOverflow, string keyId);

    [LoggerMessage(EventId = 43, Level = LogLevel.Warning, Message = "Evidence not recorded ({Reason}; queue {Capacity} records, on_overflow: {OnOverflow}): {Total} flagged call(s) refused so far")]
    private static partial void Overflow(ILogger logger, long total, string reason, int capacity, EvidenceOverflow onOverflow);

    [LoggerMessage(EventId = 45, Level = LogLevel.Warning, Message = "Evidence log writes to {Directory} again")]
    private static partial void Recovered(ILogger logger, string directory);

    [LoggerMessage(EventId = 46, Level = LogLevel.Critical, Message = "ALARM: {Count} evidence line(s) could not be written at shutdown")]
    private static partial void LostAtShutdown(ILogger logger, int count);
}
