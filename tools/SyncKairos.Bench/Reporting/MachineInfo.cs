using System.Globalization;
using System.Runtime.InteropServices;

namespace SyncKairos.Bench.Reporting;

/// <summary>Where a run happened: enough to judge whether two results are comparable.</summary>
public sealed record MachineInfo(string Host, int Cores, double MemoryGiB, string Os, string Runtime, double LoadAverage1m)
{
    public static MachineInfo Current() => new(
        Environment.MachineName,
        Environment.ProcessorCount,
        Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        LoadAverage());

    /// <summary>The 1-minute load average from /proc/loadavg (0 where there is none).</summary>
    public static double LoadAverage()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
