using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using SyncKairos.Audit.Sinks;

namespace SyncKairos.Audit.Writing;

/// <summary>
/// The write-behind audit writer: makes the store ready (migrations or SQLite schema), then drains every
/// audit list (one worker per bucket, each behind its own lease) into the configured sink, and deletes history
/// older than the retention (<see cref="AuditRetention"/>).
/// </summary>
public sealed class AuditWriter : BackgroundService
{
    private readonly Func<IConnectionMultiplexer> _redis;
    private readonly IAuditSink _sink;
    private readonly AuditOptions _options;
    private readonly AuditMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AuditWriterHooks? _hooks;

    public AuditWriter(
        IConnectionMultiplexer redis, IAuditSink sink, AuditOptions options, AuditMetrics metrics, TimeProvider time, ILogger<AuditWriter> logger)
        : this(() => redis, sink, options, metrics, time, logger, hooks: null)
    {
    }

    /// <summary>
    /// For hosts whose Redis multiplexer is made by another hosted service that starts first: the multiplexer is
    /// asked for when the writer starts, not when the host constructs its hosted services.
    /// </summary>
    public AuditWriter(
        Func<IConnectionMultiplexer> redis, IAuditSink sink, AuditOptions options, AuditMetrics metrics, TimeProvider time, ILogger<AuditWriter> logger)
        : this(redis, sink, options, metrics, time, logger, hooks: null)
    {
    }

    internal AuditWriter(
        IConnectionMultiplexer redis, IAuditSink sink, AuditOptions options, AuditMetrics metrics, TimeProvider time,
        ILogger<AuditWriter> logger, AuditWriterHooks? hooks)
        : this(() => redis, sink, options, metrics, time, logger, hooks)
    {
    }

    private AuditWriter(
        Func<IConnectionMultiplexer> redis, IAuditSink sink, AuditOptions options, AuditMetrics metrics, TimeProvider time,
        ILogger<AuditWriter> logger, AuditWriterHooks? hooks)
    {
        _redis = redis;
        _sink = sink;
        _options = options;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _hooks = hooks;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await EnsureStoreReadyAsync(stoppingToken);
        var redis = _redis().GetDatabase();
        _logger.WriterStarted(_options.Buckets, _options.BatchSize, _sink.GetType().Name);
        var workers = Enumerable.Range(0, _options.Buckets)
            .Select(b => new AuditQueueWorker(b, redis, _sink, _options, _metrics, _time, _logger, _hooks).RunAsync(stoppingToken))
            .ToList();
        var retentionDays = _options.RetentionDays ?? _sink.DefaultRetentionDays;
        if (retentionDays > 0)
        {
            workers.Add(new AuditRetention(_sink, TimeSpan.FromDays(retentionDays), _time, _logger).RunAsync(stoppingToken));
        }

        await Task.WhenAll(workers);
    }

    /// <summary>The store may be down at start-up too: wait for it like for any outage, without failing the host.</summary>
    private async Task EnsureStoreReadyAsync(CancellationToken stoppingToken)
    {
        var backoff = new Backoff(_options.InitialBackoff, _options.MaxBackoff);
        while (true)
        {
            try
            {
                await _sink.EnsureReadyAsync(stoppingToken);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested && ex is not Migrations.MigrationChecksumException)
            {
                var delay = backoff.Next();
                _logger.StoreNotReady(ex, (long)delay.TotalMilliseconds);
                await Task.Delay(delay, _time, stoppingToken);
            }
        }
    }
}
