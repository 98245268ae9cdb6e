using System.Diagnostics;
using System.Globalization;
using SyncKairos.Testing;

namespace SyncKairos.Deploy.Tests.Infrastructure;

/// <summary>
/// A dedicated throwaway PostgreSQL 15 (initdb into a temp folder, loopback port) that drills may stop and start,
/// so the shared server from SYNCKAIROS_TEST_POSTGRES is never disturbed. Runs as the postgres user when root.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _data;

    private PostgresServer(string bin, string data, int port)
    {
        _bin = bin;
        _data = data;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database=postgres;Timeout=3;Command Timeout=5";

    public static string Bin => Environment.GetEnvironmentVariable("SYNCKAIROS_TEST_POSTGRES_BIN") is { Length: > 0 } bin ? bin : "/usr/lib/postgresql/15/bin";

    public static async Task<PostgresServer> StartAsync()
    {
        var data = Path.Combine(Path.GetTempPath(), "synckairos-tests", $"pg-drill-{Guid.NewGuid():N}");
        Directory.CreateDirectory(data);
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", "postgres", Path.GetDirectoryName(data)!, data);
        }

        var server = new PostgresServer(Bin, data, FreePort.Next());
        await server.RunPgAsync("initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8");
        await server.StartAgainAsync();
        return server;
    }

    public Task StartAgainAsync() => RunPgAsync(
        "pg_ctl", "-D", _data, "-l", Path.Combine(_data, "log"), "-w", "-o",
        $"-c listen_addresses=127.0.0.1 -p {Port.ToString(CultureInfo.InvariantCulture)} -k {_data} -c fsync=off -c max_connections=100",
        "start");

    /// <summary>Fast shutdown: clients are disconnected, the server refuses new connections until started again.</summary>
    public Task StopAsync() => RunPgAsync("pg_ctl", "-D", _data, "-m", "fast", "-w", "stop");

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(_data, "postmaster.pid")))
        {
            await RunPgAsync("pg_ctl", "-D", _data, "-m", "immediate", "-w", "stop");
        }

        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private Task RunPgAsync(string tool, params string[] args)
    {
        var path = Path.Combine(_bin, tool);
        return Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", path, .. args])
            : RunAsync(path, args);
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await output}{await error}");
        }
    }
}
