using System.Diagnostics.Metrics;
using SyncKairos.Grains.Storage;

namespace SyncKairos.Gateway.Observability.Metrics;

/// <summary>Process and runtime figures (meter <c>SyncKairos.Process</c>), read when scraped.</summary>
public sealed class ProcessMetrics : IDisposable
{
    public const string MeterName = "SyncKairos.Process";

    private readonly Meter _meter;
    private readonly DateTimeOffset _startedAt;

    public ProcessMetrics(IMeterFactory meterFactory, IRedisConnectionSource redis, TimeProvider time)
    {
        _startedAt = time.GetUtcNow();
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableCounter("process_cpu_seconds_total", () => Environment.CpuUsage.TotalTime.TotalSeconds, "s", "User and system CPU time of this process");
        _meter.CreateObservableGauge("process_working_set_bytes", () => Environment.WorkingSet, "By", "Working set of this process");
        _meter.CreateObservableGauge("process_uptime_seconds", () => (time.GetUtcNow() - _startedAt).TotalSeconds, "s", "Seconds since this gateway started");
        _meter.CreateObservableCounter("dotnet_gc_collections_total", GcCollections, "{collection}", "Garbage collections by generation");
        _meter.CreateObservableCounter("dotnet_gc_allocated_bytes_total", () => GC.GetTotalAllocatedBytes(), "By",
            "Bytes allocated on the managed heap since start (divide by requests for allocations per request)");
        _meter.CreateObservableCounter("dotnet_gc_pause_seconds_total", () => GC.GetTotalPauseDuration().TotalSeconds, "s",
            "Time the runtime was paused for garbage collection since start");
        _meter.CreateObservableGauge("dotnet_gc_heap_bytes", () => GC.GetTotalMemory(false), "By", "Bytes currently allocated on the managed heap");
        _meter.CreateObservableGauge("dotnet_threadpool_queue_length", () => ThreadPool.PendingWorkItemCount, "{item}", "Work items queued to the thread pool");
        _meter.CreateObservableGauge("dotnet_threadpool_threads", () => ThreadPool.ThreadCount, "{thread}", "Thread pool threads");
        _meter.CreateObservableGauge("synckairos_redis_outstanding_commands", () => OutstandingCommands(redis), "{command}",
            "Redis commands sent or queued and not yet answered, on this process's multiplexer");
    }

    private static IEnumerable<Measurement<long>> GcCollections()
    {
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
        {
            yield return new Measurement<long>(GC.CollectionCount(generation),
                new KeyValuePair<string, object?>("generation", generation.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    private static long OutstandingCommands(IRedisConnectionSource redis)
    {
        try
        {
            return redis.Multiplexer.GetCounters().TotalOutstanding;
        }
        catch (InvalidOperationException)
        {
            // Scraped before the silo connected.
            return 0;
        }
    }

    public void Dispose() => _meter.Dispose();
}
