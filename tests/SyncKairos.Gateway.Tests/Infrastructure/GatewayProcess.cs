using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SyncKairos.Testing;

namespace SyncKairos.Gateway.Tests.Infrastructure;

/// <summary>
/// The gateway as its own OS process (<c>dotnet SyncKairos.Gateway.dll --urls ...</c>), so tests can run
/// several instances and SIGKILL one.
/// </summary>
public sealed partial class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(Func<string, bool> Predicate, TaskCompletionSource<string> Found)> _lineWaiters = [];

    private GatewayProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the gateway with the given settings (configuration keys, e.g. SyncKairos:Redis:ConnectionString).</summary>
    /// <param name="launch">The dotnet arguments before <c>--urls</c>; default: run the built gateway dll.</param>
    /// <param name="port">Listen on this port (a restart on the port of a stopped instance); default: a free one.</param>
    public static async Task<GatewayProcess> StartAsync(
        IReadOnlyDictionary<string, string> settings,
        string? workingDirectory = null,
        TimeSpan? startTimeout = null,
        IReadOnlyList<string>? launch = null,
        int? port = null)
    {
        port ??= FreePort.Next();
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        foreach (var arg in launch ?? [RepoPaths.GatewayDll])
        {
            psi.ArgumentList.Add(arg);
        }

        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add($"http://127.0.0.1:{port.Value.ToString(CultureInfo.InvariantCulture)}");
        psi.Environment["Logging__Console__FormatterName"] = "simple";
        psi.Environment["Logging__LogLevel__Default"] = "Information";
        psi.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        if (workingDirectory is null && !settings.ContainsKey("SyncKairos:Embedded:DataDirectory"))
        {
            // Processes sharing the build folder as working directory get their own embedded data (their SQLite
            // audit file); a test that passes its own working directory keeps the default ./data there.
            psi.Environment["SyncKairos__Embedded__DataDirectory"] =
                Path.Combine(Path.GetTempPath(), "synckairos-tests", $"gateway-{Guid.NewGuid():N}");
        }

        foreach (var (key, value) in TestDefaults.Settings.Where(d => !settings.ContainsKey(d.Key)).Concat(settings))
        {
            psi.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var gateway = new GatewayProcess(process, port.Value);
        process.Exited += (_, _) => gateway._listening.TrySetException(new InvalidOperationException("gateway exited during start"));
        process.OutputDataReceived += (_, e) => gateway.Append(e.Data);
        process.ErrorDataReceived += (_, e) => gateway.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await gateway._listening.Task.WaitAsync(startTimeout ?? TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            await gateway.DisposeAsync();
            throw new InvalidOperationException($"gateway did not start listening ({ex.Message}):\n{gateway.Output}");
        }

        return gateway;
    }

    /// <summary>The first output line (already written or still to come) that matches <paramref name="predicate"/>.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            if (_output.ToString().Split('\n').FirstOrDefault(l => predicate(l.TrimEnd('\r'))) is { } existing)
            {
                return existing.TrimEnd('\r');
            }

            _lineWaiters.Add((predicate, found));
        }

        try
        {
            return await found.Task.WaitAsync(timeout, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no matching output line within {timeout}:\n{Output}");
        }
    }

    /// <summary>The embedded Garnet's pid, from the gateway's start-up log line.</summary>
    public int? EmbeddedGarnetPid()
    {
        var match = GarnetPid().Match(Output);
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    [GeneratedRegex(@"Embedded Garnet started at \S+ \(pid (\d+)")]
    private static partial Regex GarnetPid();

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            foreach (var waiter in _lineWaiters.Where(w => w.Predicate(line)).ToList())
            {
                _lineWaiters.Remove(waiter);
                waiter.Found.TrySetResult(line);
            }
        }

        if (line.Contains("Now listening on", StringComparison.Ordinal))
        {
            _listening.TrySetResult();
        }
        else if (line.Contains("Application started", StringComparison.Ordinal))
        {
            _listening.TrySetResult();
        }
    }

    /// <summary>SIGKILL: the gateway dies with whatever it had in flight and runs no shutdown code.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
            await _process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }

    /// <summary>SIGTERM: graceful shutdown.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", $"-TERM {_process.Id.ToString(CultureInfo.InvariantCulture)}"))
            {
                await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
            }

            await _process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
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
    }
}
