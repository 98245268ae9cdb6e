using System.Globalization;
using Npgsql;

namespace SyncKairos.Bench.Audit;

/// <summary>
/// CPU time of a PostgreSQL server on this machine, from /proc: the postmaster's own and reaped children's
/// time (utime, stime, cutime, cstime) plus every live child's (backends, checkpointer, walwriter, autovacuum).
/// Null when the server is not local or /proc is not readable.
/// </summary>
internal sealed class PostgresCpu
{
    private readonly int _postmasterPid;

    private PostgresCpu(int postmasterPid) => _postmasterPid = postmasterPid;

    /// <summary>Finds the postmaster as the parent of one of its backends (the server has no function for it).</summary>
    public static async Task<PostgresCpu?> FindAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT pg_backend_pid()");
            var backend = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
            var stat = ReadStat(backend);
            if (stat is null)
            {
                return null;
            }

            var cpu = new PostgresCpu(int.Parse(stat[1], CultureInfo.InvariantCulture));
            return cpu.Total() is null ? null : cpu;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NpgsqlException)
        {
            return null;
        }
    }

    /// <summary>Total CPU of the server so far, or null if the postmaster is gone.</summary>
    public TimeSpan? Total()
    {
        var postmaster = ReadStat(_postmasterPid);
        if (postmaster is null)
        {
            return null;
        }

        // Fields after the command name: [0] state, [1] ppid, ... [11] utime, [12] stime, [13] cutime, [14] cstime.
        long ticks = Field(postmaster, 11) + Field(postmaster, 12) + Field(postmaster, 13) + Field(postmaster, 14);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            var stat = ReadStat(pid);
            if (stat is not null && stat[1] == _postmasterPid.ToString(CultureInfo.InvariantCulture))
            {
                ticks += Field(stat, 11) + Field(stat, 12);
            }
        }

        // Linux reports these in USER_HZ, which is 100 on every architecture .NET runs on.
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    private static long Field(string[] stat, int index) => long.Parse(stat[index], CultureInfo.InvariantCulture);

    /// <summary>The fields of /proc/&lt;pid&gt;/stat after the parenthesised command name, or null if the process is gone.</summary>
    private static string[]? ReadStat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var end = text.LastIndexOf(')');
            return end < 0 ? null : text[(end + 2)..].Split(' ');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
