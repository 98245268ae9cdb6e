using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SyncKairos.Grains.Abstractions;
using SyncKairos.Grains.Storage;

namespace SyncKairos.Grains.Sessions;

/// <summary>
/// The durable half of expiry (docs/adr/0024): a running session's own grain timer expires it, but a silo that dies
/// takes those timers with it. Every silo scans the deadline index for sessions overdue by more than
/// <see cref="ExpiryBackstopOptions.Grace"/> and wakes them; the wake activates each one elsewhere and its
/// activation expires it. Every silo scanning is harmless: a session has one activation and expiry is idempotent.
/// </summary>
public sealed class ExpiryBackstop(
    IGrainFactory grains,
    SessionStorage storage,
    SessionClock clock,
    IOptions<ExpiryBackstopOptions> options,
    ILogger<ExpiryBackstop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            for (var bucket = 0; bucket < storage.Keys.DeadlineBuckets; bucket++)
            {
                await ScanAsync(bucket, settings, stoppingToken);
            }
        }
    }

    private async Task ScanAsync(int bucket, ExpiryBackstopOptions settings, CancellationToken stoppingToken)
    {
        try
        {
            var due = await storage.DueAsync(bucket, clock.NowMs - (long)settings.Grace.TotalMilliseconds, settings.BatchSize);
            if (due.Length == 0)
            {
                return;
            }

            Log.BackstopWoke(logger, due.Length, bucket);
            await Task.WhenAll(due.Select(id => grains.GetGrain<ISessionGrain>(id).Wake())).WaitAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Redis away, a silo failing over, a wake timing out: the next scan tries again.
            Log.BackstopScanFailed(logger, bucket, ex.Message);
        }
    }
}

/// <summary>Configuration section <c>SyncKairos:Sessions:Backstop</c>.</summary>
public sealed class ExpiryBackstopOptions
{
    public const string Section = "SyncKairos:Sessions:Backstop";

    /// <summary>How often each silo scans the deadline index.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How overdue a session must be before the back-stop steps in: its own timer normally expires it first.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan Grace { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>At most this many overdue sessions are woken per bucket per scan.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100_000)]
    public int BatchSize { get; set; } = 256;
}
