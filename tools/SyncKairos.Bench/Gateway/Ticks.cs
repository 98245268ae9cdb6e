using System.Diagnostics;

namespace SyncKairos.Bench.Gateway;

/// <summary>Stopwatch timestamp arithmetic in nanoseconds.</summary>
public static class Ticks
{
    public static long Nanoseconds(long from, long to) => (long)((to - from) * (1_000_000_000.0 / Stopwatch.Frequency));

    public static double Seconds(long from, long to) => (to - from) / (double)Stopwatch.Frequency;
}
