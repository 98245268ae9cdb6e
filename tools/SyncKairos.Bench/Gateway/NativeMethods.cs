using System.Runtime.InteropServices;

namespace SyncKairos.Bench.Gateway;

/// <summary>libc calls the managed runtime has no equivalent for.</summary>
internal static partial class NativeMethods
{
    /// <summary>Sleeps with microsecond resolution (Thread.Sleep rounds to whole milliseconds).</summary>
    [LibraryImport("libc", EntryPoint = "usleep")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static partial int USleep(uint microseconds);
}
