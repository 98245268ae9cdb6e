using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace SyncKairos.Testing;

/// <summary>
/// The built gateway as its own OS process (<c>dotnet SyncKairos.Gateway.dll --urls ...</c>) on a loopback port, so
/// tests can run several instances, SIGKILL or SIGTERM one, restart it on its port, and read what it logged.
/// </summary>
public sealed partial class GatewayProcess : IAsyncDisposable
{
    private const int BindAttempts = 3;

    private readonly Process _process;
    private readonly string? _ownedDataDirectory;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(Func<string, bool> Predicate, TaskCompletionSource<string> Found)> _lineWaiters = [];

    private GatewayProcess(Process process, int port, string? ownedDataDirectory)
    {
        _process = process;
        _ownedDataDirectory = ownedDataDirectory;
        Port = port;
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the gateway with the given settings (configuration keys, e.g. SyncKairos:Redis:ConnectionString).</summary>
    /// <param name="settings">Configuration, passed as environment variables, over <see cref="TestDefaults.Settings"/>.</param>
    /// <param name="workingDirectory">Default: the test's output folder, with a data directory of this process's own.</param>
    /// <param name="startTimeout">How long to wait for "Now listening on"; default 60 s (the machine is loaded).</param>
    /// <param name="launch">The dotnet arguments before <c>--urls</c>; default: run <see cref="GatewayLocation.Dll"/>.</param>
    /// <param name="port">Listen on this port (a restart on the port of a stopped instance); default: a free one.</param>
    public static async Task<GatewayProcess> StartAsync(
        IReadOnlyDictionary<string, string> settings,
        string? workingDirectory = null,
        TimeSpan? startTimeout = null,
        IReadOnlyList<string>? launch = null,
        int? port = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        for (var attempt = 1; ; attempt++)
        {
            var gateway = Launch(settings, workingDirectory, launch, port ?? FreePort.Next());
            try
            {
                await gateway._listening.Task.WaitAsync(startTimeout ?? TimeSpan.FromSeconds(60), cancellationToken);
                return gateway;
            }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
            {
                await gateway.DisposeAsync();

                // FreePort is racy: another process may take the port between the probe and the bind. Only a port
                // we picked can be picked again.
                if (port is null && attempt < BindAttempts && gateway.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                throw new InvalidOperationException($"gateway did not start listening ({ex.Message}):\n{gateway.Output}");
            }
        }
    }

    /// <summary>Runs <c>dotnet SyncKairos.Gateway.dll {args}</c> to completion (e.g. <c>migrate</c>): exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(
        IReadOnlyDictionary<string, string> settings, IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(args);
        var psi = StartInfo(AppContext.BaseDirectory, [GatewayLocation.Dll, .. args]);
        SetSettings(psi, settings);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>SIGKILL: the gateway dies with whatever it had in flight and runs no shutdown code.</summary>
    public async Task KillAsync(CancellationToken cancellationToken = default)
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
            await _process.WaitForExitAsync(cancellationToken);
        }
    }

    /// <summary>SIGTERM: graceful shutdown.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", $"-TERM {_process.Id.ToString(CultureInfo.InvariantCulture)}"))
            {
                await kill.WaitForExitAsync(cancellationToken);
            }

            await _process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (_ownedDataDirectory is not null)
        {
            try
            {
                Directory.Delete(_ownedDataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Not created (no embedded data used) or still held: a leftover temp folder is harmless.
            }
        }
    }

    private static GatewayProcess Launch(IReadOnlyDictionary<string, string> settings, string? workingDirectory, IReadOnlyList<string>? launch, int port)
    {
        var psi = StartInfo(workingDirectory ?? AppContext.BaseDirectory, [.. launch ?? [GatewayLocation.Dll], "--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"]);
        psi.Environment["Logging__Console__FormatterName"] = "simple";
        psi.Environment["Logging__LogLevel__Default"] = "Information";
        psi.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        string? ownedData = null;
        if (workingDirectory is null && !settings.ContainsKey("SyncKairos:Embedded:DataDirectory"))
        {
            // Processes sharing the build folder as working directory get their own embedded data (their SQLite
            // audit file); a test that passes its own working directory keeps the default ./data there.
            ownedData = Path.Combine(Path.GetTempPath(), "synckairos-tests", $"gateway-{Guid.NewGuid():N}");
            psi.Environment["SyncKairos__Embedded__DataDirectory"] = ownedData;
        }

        // Each process is a cluster of its own unless the test names a shared SyncKairos:Silo:ClusterId: silos of one
        // cluster on one Redis wait for each other (a new silo must reach every silo the table lists as active), so a
        // process one test killed must not hold up the start of another test's gateway.
        var defaults = TestDefaults.Settings.Concat(TestDefaults.Silo("gw-" + Guid.NewGuid().ToString("N")[..12]));
        SetSettings(psi, defaults.Where(d => !settings.ContainsKey(d.Key)).Concat(settings));
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var gateway = new GatewayProcess(process, port, ownedData);
        process.Exited += (_, _) => gateway._listening.TrySetException(new InvalidOperationException("gateway exited during start"));
        process.OutputDataReceived += (_, e) => gateway.Append(e.Data);
        process.ErrorDataReceived += (_, e) => gateway.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return gateway;
    }

    private static ProcessStartInfo StartInfo(string workingDirectory, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        return psi;
    }

    private static void SetSettings(ProcessStartInfo psi, IEnumerable<KeyValuePair<string, string>> settings)
    {
        foreach (var (key, value) in settings)
        {
            psi.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
    }
}
