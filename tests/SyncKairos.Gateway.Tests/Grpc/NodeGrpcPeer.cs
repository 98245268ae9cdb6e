using System.Diagnostics;
using System.Text.Json;

namespace SyncKairos.Gateway.Tests.Grpc;

/// <summary>
/// Runs tests/SyncKairos.Gateway.Tests/peers/grpc/client.mjs (@grpc/grpc-js) against a server and returns
/// the JSON line it prints. Installs the peer's locked packages with <c>npm ci</c> if test.sh has not.
/// </summary>
public static class NodeGrpcPeer
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    private static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SyncKairos.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("SyncKairos.sln not found above the test binaries.");
        }
    }

    private static string PeerDirectory => Path.Combine(RepositoryRoot, "tests", "SyncKairos.Gateway.Tests", "peers", "grpc");

    /// <summary>Runs a scenario of client.mjs against the test-only echo service.</summary>
    public static Task<JsonElement> RunAsync(Uri server, string scenario, object args, CancellationToken cancellationToken) =>
        RunAsync(server, "client.mjs", Path.Combine(RepositoryRoot, "tests", "SyncKairos.Gateway.Tests", "Grpc", "protos"), "test_echo.proto", scenario, args, cancellationToken);

    /// <summary>Runs a scenario of sessions.mjs against synckairos.v1.SyncKairos, loading the repository's contract.</summary>
    public static Task<JsonElement> RunSessionsAsync(Uri server, string scenario, object args, CancellationToken cancellationToken) =>
        RunAsync(server, "sessions.mjs", Path.Combine(RepositoryRoot, "protos"), "synckairos/v1/synckairos.proto", scenario, args, cancellationToken);

    private static async Task<JsonElement> RunAsync(
        Uri server, string script, string protoRoot, string protoFile, string scenario, object args, CancellationToken cancellationToken)
    {
        await EnsureInstalledAsync(cancellationToken);
        var (exitCode, stdout, stderr) = await RunProcessAsync(
            "node",
            PeerDirectory,
            cancellationToken,
            script,
            $"{server.Host}:{server.Port}",
            protoRoot,
            protoFile,
            scenario,
            JsonSerializer.Serialize(args));
        Assert.True(exitCode == 0, $"node {scenario} exited {exitCode}: {stderr}");
        var line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        Assert.False(line is null, $"node {scenario} printed nothing: {stderr}");
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    private static async Task EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        await InstallLock.WaitAsync(cancellationToken);
        try
        {
            if (Directory.Exists(Path.Combine(PeerDirectory, "node_modules", "@grpc", "grpc-js")))
            {
                return;
            }

            var (exitCode, _, stderr) = await RunProcessAsync("npm", PeerDirectory, cancellationToken, "ci", "--no-audit", "--no-fund");
            Assert.True(exitCode == 0, $"npm ci in {PeerDirectory} failed: {stderr}");
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunProcessAsync(
        string fileName,
        string workingDirectory,
        CancellationToken cancellationToken,
        params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RunTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {RunTimeout}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
