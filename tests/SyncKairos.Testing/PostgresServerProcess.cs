using System.Diagnostics;
using System.Globalization;

namespace SyncKairos.Testing;

/// <summary>
/// A PostgreSQL server of the test's own (initdb in a temp directory, loopback port) for drills that stop and start
/// the server: stopping the shared one (SYNCKAIROS_TEST_POSTGRES) would break the tests running beside it. Runs as
/// the postgres user when the tests run as root (initdb refuses root).
/// </summary>
public sealed class PostgresServerProcess : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _directory;

    private PostgresServerProcess(string bin, string directory, int port)
    {
        _bin = bin;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Npgsql connection string; short timeouts so an outage shows within a test's seconds.</summary>
    public string ConnectionString =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database=postgres;Timeout=5;Command Timeout=5";

    /// <summary>SYNCKAIROS_TEST_POSTGRES_BIN (set by test.sh), else the Debian PostgreSQL 15 binaries.</summary>
    public static string Bin => Environment.GetEnvironmentVariable("SYNCKAIROS_TEST_POSTGRES_BIN") is { Length: > 0 } bin ? bin : "/usr/lib/postgresql/15/bin";

    private string DataDirectory => Path.Combine(_directory, "pg");

    /// <summary>initdb and start a new server on a free port.</summary>
    public static async Task<PostgresServerProcess> CreateAsync(CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"synckairos-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        if (!OperatingSystem.IsWindows() && Environment.UserName == "root")
        {
            // The server runs as postgres, which must own (and reach) its directory.
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
            await RunAsync("chown", ["postgres", directory], cancellationToken);
        }

        var server = new PostgresServerProcess(Bin, directory, FreePort.Next());
        await server.RunToolAsync("initdb", ["-D", server.DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8"], cancellationToken);
        await server.StartAsync(cancellationToken);
        return server;
    }

    /// <summary>Starts the server (again, after <see cref="StopAsync"/>) on its port; returns once it accepts connections.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => RunToolAsync("pg_ctl",
    [
        "-D", DataDirectory, "-l", Path.Combine(_directory, "log"), "-w",
        "-o", $"-c listen_addresses=127.0.0.1 -p {Port.ToString(CultureInfo.InvariantCulture)} -k {DataDirectory} -c fsync=off -c max_connections=100",
        "start",
    ], cancellationToken);

    /// <summary>Fast shutdown: sessions are disconnected, like a crash or failover from the client's side.</summary>
    public Task StopAsync(CancellationToken cancellationToken) =>
        RunToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "stop"], cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            try
            {
                await RunToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], CancellationToken.None);
            }
            catch (InvalidOperationException)
            {
                // Already stopped (a stale pid file).
            }
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private Task RunToolAsync(string tool, string[] args, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_bin, tool);
        return Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", path, .. args], cancellationToken)
            : RunAsync(path, args, cancellationToken);
    }

    private static async Task RunAsync(string file, string[] args, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}:\n{await output}\n{await error}");
        }
    }
}
