using System.Diagnostics;
using Npgsql;
using SyncKairos.Testing;

namespace SyncKairos.Audit.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of the test's own (initdb in a temp directory, loopback port), for drills that stop and
/// start the server: stopping the shared one would break the tests running beside it.
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
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Timeout=5";
    }

    public int Port { get; }

    public string ConnectionString { get; }

    private string DataDirectory => Path.Combine(_directory, "pg");

    public static async Task<PostgresServerProcess> CreateAsync(CancellationToken cancellationToken)
    {
        var bin = Environment.GetEnvironmentVariable("SYNCKAIROS_TEST_POSTGRES_BIN") is { Length: > 0 } b ? b : "/usr/lib/postgresql/15/bin";
        var directory = Path.Combine(Path.GetTempPath(), $"synckairos-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        if (!OperatingSystem.IsWindows() && Environment.UserName == "root")
        {
            // initdb refuses to run as root: the server runs as postgres, which must own its directory.
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
            await RunAsync("chown", ["postgres", directory], cancellationToken);
        }

        var server = new PostgresServerProcess(bin, directory, FreePort.Next());
        await server.RunPostgresToolAsync("initdb", ["-D", server.DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8"], cancellationToken);
        await server.StartAsync(cancellationToken);
        return server;
    }

    public Task StartAsync(CancellationToken cancellationToken) => RunPostgresToolAsync("pg_ctl",
    [
        "-D", DataDirectory, "-l", Path.Combine(_directory, "log"), "-w",
        "-o", $"-c listen_addresses=127.0.0.1 -p {Port} -k {DataDirectory} -c fsync=off", "start",
    ], cancellationToken);

    /// <summary>Fast shutdown: sessions are disconnected, like a crash or failover from the client's side.</summary>
    public Task StopAsync(CancellationToken cancellationToken) =>
        RunPostgresToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "stop"], cancellationToken);

    private Task RunPostgresToolAsync(string tool, string[] args, CancellationToken cancellationToken)
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

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunPostgresToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
