using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Redis.Sessions;

/// <summary>
/// Polls the due deadlines and runs <c>expire</c> for each. Any number of instances may run
/// it: the script re-checks the deadline, so an expiry is applied exactly once.
/// </summary>
public sealed class ExpirySweeper : BackgroundService
{
    private readonly SessionStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ExpirySweeper(SessionStore store, TimeProvider time, ILogger<ExpirySweeper>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Raised after this sweeper applied an expiry: the new state and how late it landed (ms after the
    /// deadline). Handlers run concurrently for the expiries of one pass and must be thread-safe.
    /// </summary>
    public event Action<SessionState, long>? Expired;

    /// <summary>One pass over every bucket; returns how many expiries this call applied.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken ct)
    {
        var applied = 0;
        for (var bucket = 0; bucket < _store.Options.DeadlineBuckets; bucket++)
        {
            var now = _store.NowMs;
            var due = await _store.DueEntriesAsync(bucket, now, _store.Options.SweepBatchSize, ct);
            if (due.Count == 0)
            {
                continue;
            }

            var results = await Task.WhenAll(due.Select(e => ExpireOneAsync(e, ct)));
            applied += results.Count(r => r);
        }

        return applied;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(_store.Options.SweepIntervalMs);
        var failures = 0;
        Log.SweeperStarted(_logger, _store.Options.SweepIntervalMs, _store.Options.DeadlineBuckets);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A pass that applied a full batch may have left more due entries: go again at once.
                while (await SweepOnceAsync(stoppingToken) >= _store.Options.SweepBatchSize)
                {
                }

                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // Redis down: back off (up to 1 s) so the log and the server are not flooded every poll.
                failures++;
                Log.SweepFailed(_logger, ex);
            }

            try
            {
                await Task.Delay(failures == 0 ? interval : Backoff(interval, failures), _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    internal static TimeSpan Backoff(TimeSpan interval, int failures) =>
        TimeSpan.FromMilliseconds(Math.Min(1000, interval.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 10))));

    private async Task<bool> ExpireOneAsync(DeadlineEntry entry, CancellationToken ct)
    {
        try
        {
            var state = await _store.ExpireAsync(entry.SessionId, ct);
            if (state is null)
            {
                return false;
            }

            var lag = Math.Max(0, state.UpdatedAt - entry.DeadlineMs);
            Log.SessionExpired(_logger, entry.SessionId, state.Version, state.Status, lag);
            Expired?.Invoke(state, lag);
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            Log.ExpireFailed(_logger, entry.SessionId, ex);
            return false;
        }
    }
}
