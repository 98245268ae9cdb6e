using Microsoft.Extensions.Logging;
using SyncKairos.Audit.Events;
using SyncKairos.Audit.Sinks;

namespace SyncKairos.Audit.Writing;

internal sealed partial class AuditQueueWorker
{
    /// <summary>
    /// Writes the batch until it is stored. Transient failures back off and retry forever (the queue just
    /// grows). A permanent refusal switches to row-by-row writing so the good events commit and only the
    /// failing ones are retried; an event refused <see cref="AuditOptions.MaxAttempts"/> times is added to
    /// <paramref name="dead"/>, to be moved to the dead-letter list atomically with the trim.
    /// </summary>
    private async Task WriteAsync(List<QueuedEvent> batch, List<byte[]> dead, CancellationToken cancellationToken)
    {
        var pending = batch;
        var attempts = new Dictionary<string, int>(StringComparer.Ordinal);
        var backoff = new Backoff(_options.InitialBackoff, _options.MaxBackoff);
        while (pending.Count > 0)
        {
            Exception failure;
            try
            {
                _metrics.AddWritten(await _sink.WriteBatchAsync([.. pending.Select(q => q.Event)], cancellationToken));
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                failure = ex;
            }

            if (_sink.Classify(failure) == AuditErrorKind.Permanent)
            {
                _logger.IsolatingBatch(failure, _queueKey);
                try
                {
                    pending = await WriteEachAsync(pending, attempts, dead, cancellationToken);
                    if (pending.Count == 0)
                    {
                        return;
                    }
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = ex;
                }
            }

            var delay = backoff.Next();
            _logger.TransientFailure(failure, _queueKey, pending.Count, backoff.Failures, (long)delay.TotalMilliseconds);
            await RefreshQueueMetricsAsync(pending[0].Event, cancellationToken);
            await Task.Delay(delay, _time, cancellationToken);
        }
    }

    private async Task<List<QueuedEvent>> WriteEachAsync(
        List<QueuedEvent> pending, Dictionary<string, int> attempts, List<byte[]> dead, CancellationToken cancellationToken)
    {
        var results = await _sink.WriteEachAsync([.. pending.Select(q => q.Event)], cancellationToken);
        _metrics.AddWritten(results.Inserted);
        var stillFailing = new List<QueuedEvent>();
        for (var i = 0; i < pending.Count; i++)
        {
            if (results.Errors[i] is not { } error)
            {
                continue;
            }

            var e = pending[i].Event;
            var tries = attempts[e.EventId] = attempts.GetValueOrDefault(e.EventId) + 1;
            if (tries >= _options.MaxAttempts)
            {
                dead.Add(DeadLetterFor(pending[i].Raw, e.EventId, error.Message, tries));
            }
            else
            {
                stillFailing.Add(pending[i]);
            }
        }

        return stillFailing;
    }

    /// <summary>While the store is down the queue grows; keep the gauges honest, ignoring Redis trouble here.</summary>
    private async Task RefreshQueueMetricsAsync(AuditEvent oldest, CancellationToken cancellationToken)
    {
        try
        {
            _metrics.SetQueue(_bucket, await QueueLengthAsync(cancellationToken), AgeOf(oldest));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
        }
    }
}
