using System.Diagnostics.Metrics;

namespace SyncKairos.Audit.Writing;

/// <summary>
/// The audit writer's figures, readable as properties (dashboard, tests) and published as instruments of the
/// <c>SyncKairos.Audit</c> meter under the names in docs/API.md.
/// </summary>
public sealed class AuditMetrics : IDisposable
{
    public const string MeterName = "SyncKairos.Audit";

    private readonly Meter _meter;
    private readonly Counter<long> _written;
    private readonly Counter<long> _deadLetters;
    private readonly Dictionary<int, (long Size, long LagMs)> _queues = [];
    private long _writtenTotal;
    private long _deadLettersTotal;

    public AuditMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _meter.CreateObservableGauge("synckairos_db_write_queue_size", () => QueueSize, "{event}", "Audit events waiting in Redis to be written");
        _meter.CreateObservableGauge("synckairos_audit_lag_ms", () => LagMs, "ms", "Age of the oldest audit event still queued");
        _written = _meter.CreateCounter<long>("synckairos_audit_events_written_total", "{event}", "Audit events newly stored");
        _deadLetters = _meter.CreateCounter<long>("synckairos_audit_dead_letters_total", "{event}", "Audit events moved to a dead-letter list");
    }

    /// <summary>Events queued across the lists this instance last looked at.</summary>
    public long QueueSize
    {
        get
        {
            lock (_queues)
            {
                return _queues.Values.Sum(q => q.Size);
            }
        }
    }

    /// <summary>Now minus the oldest queued event's time, across the lists this instance last looked at.</summary>
    public long LagMs
    {
        get
        {
            lock (_queues)
            {
                return _queues.Count == 0 ? 0 : _queues.Values.Max(q => q.LagMs);
            }
        }
    }

    internal Meter Meter => _meter;

    public long EventsWritten => Interlocked.Read(ref _writtenTotal);

    public long DeadLetters => Interlocked.Read(ref _deadLettersTotal);

    internal void SetQueue(int bucket, long size, long lagMs)
    {
        lock (_queues)
        {
            _queues[bucket] = (size, Math.Max(0, lagMs));
        }
    }

    internal void ForgetQueue(int bucket)
    {
        lock (_queues)
        {
            _queues.Remove(bucket);
        }
    }

    internal void AddWritten(long count)
    {
        Interlocked.Add(ref _writtenTotal, count);
        _written.Add(count);
    }

    internal void AddDeadLetters(long count)
    {
        Interlocked.Add(ref _deadLettersTotal, count);
        _deadLetters.Add(count);
    }

    public void Dispose() => _meter.Dispose();
}
