using System.Diagnostics;

namespace SyncKairos.Bench.Gateway;

/// <summary>This process's CPU use over a run, so a saturated load generator shows in the result.</summary>
public sealed class CpuMeter
{
    private readonly TimeSpan _cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly long _wallStart = Stopwatch.GetTimestamp();

    /// <summary>Cores busy on average (1.0 = one core fully used).</summary>
    public double CoresUsed()
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpuStart;
        var wall = Stopwatch.GetElapsedTime(_wallStart);
        return wall <= TimeSpan.Zero ? 0 : cpu / wall;
    }

    public void Report(IDictionary<string, double> figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var cores = CoresUsed();
        figures["client_cpu_cores"] = Math.Round(cores, 2);
        figures["client_cpu_percent_of_machine"] = Math.Round(100 * cores / Environment.ProcessorCount, 1);
    }
}
