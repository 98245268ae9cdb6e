using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using SyncKairos.Audit.Events;
using SyncKairos.Audit.Sinks;

namespace SyncKairos.Audit.Writing;

/// <summary>
/// Drains one audit list while holding its lease: read a batch without removing it, write it (idempotent),
/// then trim exactly that batch. A crash anywhere before the trim leaves the batch to be written again.
/// </summary>
internal sealed partial class AuditQueueWorker
{
    private readonly int _bucket;
    private readonly IDatabase _redis;
    private readonly IAuditSink _sink;
    private readonly AuditOptions _options;
    private readonly AuditMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AuditWriterHooks? _hooks;
    private readonly string _queueKey;

    public AuditQueueWorker(
        int bucket, IDatabase redis, IAuditSink sink, AuditOptions options, AuditMetrics metrics,
        TimeProvider time, ILogger logger, AuditWriterHooks? hooks)
    {
        _bucket = bucket;
        _redis = redis;
        _sink = sink;
        _options = options;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _hooks = hooks;
        _queueKey = options.QueueKey(bucket);
    }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var backoff = new Backoff(_options.InitialBackoff, _options.MaxBackoff);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var lease = new AuditLease(_redis, _options.LeaseKey(_bucket), _options.LeaseDuration, _time);
                    if (!await lease.TryAcquireAsync(stoppingToken))
                    {
                        await Task.Delay(_options.PollInterval, _time, stoppingToken);
                        continue;
                    }

                    backoff.Reset();
                    _logger.LeaseAcquired(_queueKey);
                    await HoldLeaseAsync(lease, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (SimulatedCrashException)
                {
                    return;
                }
                catch (Exception ex)
                {
                    var delay = backoff.Next();
                    _logger.RedisFailure(ex, _queueKey, (long)delay.TotalMilliseconds);
                    await Task.Delay(delay, _time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _metrics.ForgetQueue(_bucket);
        }
    }

    private async Task HoldLeaseAsync(AuditLease lease, CancellationToken stoppingToken)
    {
        using var held = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewal = RenewAsync(lease, held);
        var release = true;
        try
        {
            await DrainAsync(lease, held.Token);
        }
        catch (OperationCanceledException) when (held.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            _logger.LeaseLost(_queueKey);
            release = false;
        }
        catch (LeaseLostException)
        {
            _logger.LeaseLost(_queueKey);
            release = false;
        }
        catch (SimulatedCrashException)
        {
            release = false;
            throw;
        }
        finally
        {
            await held.CancelAsync();
            await renewal;
            if (release)
            {
                await ReleaseQuietlyAsync(lease);
            }
        }
    }

    /// <summary>
    /// Renews at a third of the lease period. When the lease is refused, or renewals keep failing until the
    /// lease would have expired, it cancels <paramref name="held"/>: the drain stops within one lease period.
    /// </summary>
    private async Task RenewAsync(AuditLease lease, CancellationTokenSource held)
    {
        var period = _options.LeaseDuration / 3;
        while (!held.IsCancellationRequested)
        {
            var remaining = lease.ValidUntil - _time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                await held.CancelAsync();
                return;
            }

            try
            {
                await Task.Delay(remaining < period ? remaining : period, _time, held.Token);
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(held.Token);
                attempt.CancelAfter(TimeSpan.FromTicks(Math.Max(1, (lease.ValidUntil - _time.GetUtcNow()).Ticks)));
                if (!await lease.TryRenewAsync(attempt.Token))
                {
                    await held.CancelAsync();
                    return;
                }
            }
            catch (OperationCanceledException) when (held.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                // Redis unreachable or slow: try again until the lease runs out (checked at the loop's top).
            }
        }
    }

    private async Task ReleaseQuietlyAsync(AuditLease lease)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await lease.ReleaseAsync(timeout.Token);
        }
        catch (Exception)
        {
            // The lease expires on its own.
        }
    }

    /// <summary>
    /// Keeps up to <see cref="AuditOptions.WriteConcurrency"/> consecutive batches in flight: while the oldest
    /// is written, the entries after it are already read, decoded and being written on another connection, so
    /// the store works on several batches at once (writes are idempotent and order-free). Trims stay strictly
    /// in list order: the oldest batch is trimmed only after its own write committed; if its trim finds the
    /// head moved, the later batches are dropped and re-read from the head.
    /// </summary>
    private async Task DrainAsync(AuditLease lease, CancellationToken cancellationToken)
    {
        var inFlight = new Queue<(QueueBatch Batch, Task Write)>();
        var covered = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            while (inFlight.Count < _options.WriteConcurrency)
            {
                var batch = await ReadAsync(covered, cancellationToken);
                if (batch.Entries.Length == 0)
                {
                    break;
                }

                if (inFlight.Count == 0 && batch.Events.Count > 0)
                {
                    var size = batch.Entries.Length < _options.BatchSize ? batch.Entries.Length : await QueueLengthAsync(cancellationToken);
                    _metrics.SetQueue(_bucket, size, AgeOf(batch.Events[0].Event));
                }

                inFlight.Enqueue((batch, WriteAsync(batch.Events, batch.Dead, cancellationToken)));
                covered += batch.Entries.Length;
                if (batch.Entries.Length < _options.BatchSize)
                {
                    break;
                }
            }

            if (inFlight.Count == 0)
            {
                _metrics.SetQueue(_bucket, 0, 0);
                await Task.Delay(_options.PollInterval, _time, cancellationToken);
                continue;
            }

            var (head, write) = inFlight.Dequeue();
            await write;
            covered -= head.Entries.Length;
            if (_hooks?.CrashAfterCommit is { } crash && await crash(_bucket))
            {
                throw new SimulatedCrashException();
            }

            if (!await TrimAsync(lease, head.Entries, head.Dead, cancellationToken))
            {
                while (inFlight.TryDequeue(out var dropped))
                {
                    await dropped.Write;
                }

                covered = 0;
            }
        }
    }

    private async Task<QueueBatch> ReadAsync(int start, CancellationToken cancellationToken)
    {
        var entries = await _redis.ListRangeAsync(_queueKey, start, start + _options.BatchSize - 1).WaitAsync(cancellationToken);
        var dead = new List<byte[]>();
        return new QueueBatch(entries, Decode(entries, dead), dead);
    }

    private List<QueuedEvent> Decode(RedisValue[] entries, List<byte[]> dead)
    {
        var events = new List<QueuedEvent>(entries.Length);
        foreach (var entry in entries)
        {
            ReadOnlyMemory<byte> raw = entry;
            try
            {
                events.Add(new QueuedEvent(AuditEventDecoder.Decode(raw), raw));
            }
            catch (AuditEventFormatException ex)
            {
                dead.Add(DeadLetterFor(raw, "<undecodable>", ex.Message, 1));
            }
        }

        return events;
    }

    /// <summary>Trims the batch; false when it was no longer at the head of the list (nothing trimmed).</summary>
    private async Task<bool> TrimAsync(AuditLease lease, RedisValue[] entries, List<byte[]> dead, CancellationToken cancellationToken)
    {
        var args = new RedisValue[4 + dead.Count];
        args[0] = lease.Token;
        args[1] = entries.Length;
        args[2] = entries[0];
        args[3] = entries[^1];
        for (var i = 0; i < dead.Count; i++)
        {
            args[4 + i] = dead[i];
        }

        RedisKey[] keys = [lease.Key, _queueKey, _options.DeadLetterKey(_bucket)];
        var remaining = (long)await _redis.ScriptEvaluateAsync(AuditQueueScripts.Trim, keys, args).WaitAsync(cancellationToken);
        if (remaining == -1)
        {
            throw new LeaseLostException();
        }

        if (remaining < 0)
        {
            // -2: the batch is no longer at the head (someone else removed it); re-reading from the head is safe.
            return false;
        }

        _metrics.SetQueue(_bucket, remaining, 0);
        _metrics.AddDeadLetters(dead.Count);
        return true;
    }

    private async Task<long> QueueLengthAsync(CancellationToken cancellationToken) =>
        await _redis.ListLengthAsync(_queueKey).WaitAsync(cancellationToken);

    private long AgeOf(AuditEvent e) => _time.GetUtcNow().ToUnixTimeMilliseconds() - e.OccurredAtMs;

    private byte[] DeadLetterFor(ReadOnlyMemory<byte> entry, string eventId, string reason, int attempts)
    {
        var deadKey = _options.DeadLetterKey(_bucket);
        _logger.DeadLettered(eventId, _queueKey, deadKey, reason);
        return DeadLetter.Format(entry, reason, attempts, _time.GetUtcNow().ToUnixTimeMilliseconds(), _queueKey);
    }
}
