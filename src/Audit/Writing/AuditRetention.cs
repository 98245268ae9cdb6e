using Microsoft.Extensions.Logging;
using SyncKairos.Audit.Sinks;

namespace SyncKairos.Audit.Writing;

/// <summary>
/// Deletes audit history older than the retention, at start and then every <see cref="Interval"/>, in rounds of
/// <see cref="BatchLimit"/> rows with a pause between them: each round is a short transaction, so the queue workers
/// (and, on SQLite, their single write lock) get in between rounds however much is due.
/// </summary>
internal sealed class AuditRetention(IAuditSink sink, TimeSpan retention, TimeProvider time, ILogger logger)
{
    public const int BatchLimit = 500;
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PruneAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The next interval tries again; the history only stays a little longer.
                logger.PruneFailed(ex, (long)Interval.TotalSeconds);
            }

            try
            {
                await Task.Delay(Interval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Deletes everything older than the retention; returns the events deleted.</summary>
    public async Task<long> PruneAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - retention;
        long events = 0;
        long sessions = 0;
        while (true)
        {
            var round = await sink.PruneAsync(cutoff, BatchLimit, cancellationToken);
            events += round.Events;
            sessions += round.Sessions;
            if (round.Events < BatchLimit && round.Sessions < BatchLimit)
            {
                break;
            }

            await Task.Delay(Pause, cancellationToken);
        }

        if (events > 0 || sessions > 0)
        {
            logger.Pruned(events, sessions, cutoff);
        }

        return events;
    }
}
