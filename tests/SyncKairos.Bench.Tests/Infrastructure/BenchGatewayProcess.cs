using System.Diagnostics;
using System.Globalization;
using System.Text;
using SyncKairos.Testing;

namespace SyncKairos.Bench.Tests.Infrastructure;

/// <summary>The built gateway as an OS process on free loopback ports (REST/WS and h2c gRPC), for the tool to load.</summary>
public sealed class BenchGatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _dataDirectory;

    private BenchGatewayProcess(Process process, int port, int grpcPort, string dataDirectory)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        BaseAddress = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        GrpcAddress = $"http://127.0.0.1:{grpcPort.ToString(CultureInfo.InvariantCulture)}";
    }

    public string BaseAddress { get; }

    public string GrpcAddress { get; }

    public int Pid => _process.Id;

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

    /// <summary>The gateway built beside this test project (same configuration), found from the repository root.</summary>
    public static string GatewayDll
    {
        get
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = output.Parent!.Name;
            for (var dir = output; dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SyncKairos.sln")))
                {
                    return Path.Combine(dir.FullName, "src", "SyncKairos.Gateway", "bin", configuration, output.Name, "SyncKairos.Gateway.dll");
                }
            }

            throw new DirectoryNotFoundException("SyncKairos.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Starts a gateway on <paramref name="redisEndpoint"/> (empty: embedded Garnet) with rate limits out of the way.</summary>
    public static async Task<BenchGatewayProcess> StartAsync(string redisEndpoint, CancellationToken ct)
    {
        var port = FreePort.Next();
        var grpcPort = FreePort.Next();
        var data = Path.Combine(Path.GetTempPath(), "synckairos-tests", $"bench-gateway-{Guid.NewGuid():N}");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        psi.ArgumentList.Add(GatewayDll);
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        psi.Environment["Logging__Console__FormatterName"] = "simple";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        psi.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        psi.Environment["SyncKairos__Redis__ConnectionString"] = redisEndpoint;
        psi.Environment["SyncKairos__Grpc__Url"] = $"http://127.0.0.1:{grpcPort.ToString(CultureInfo.InvariantCulture)}";
        psi.Environment["SyncKairos__Embedded__DataDirectory"] = data;
        psi.Environment["SyncKairos__RateLimits__GeneralPerMinute"] = "100000000";
        psi.Environment["SyncKairos__RateLimits__SwitchPerSecond"] = "1000000";
        psi.Environment["SyncKairos__RateLimits__WebSocketConnectionsPerIp"] = "1000000";
        psi.Environment["SyncKairos__RateLimits__WebSocketMessagesPerSecond"] = "1000000";
        psi.Environment["SyncKairos__RateLimits__WebSocketMessageBurst"] = "1000000";

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var gateway = new BenchGatewayProcess(process, port, grpcPort, data);
        process.Exited += (_, _) => gateway._started.TrySetException(new InvalidOperationException("gateway exited during start"));
        process.OutputDataReceived += (_, e) => gateway.Append(e.Data);
        process.ErrorDataReceived += (_, e) => gateway.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await gateway._started.Task.WaitAsync(TimeSpan.FromSeconds(90), ct);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            var output = gateway.Output;
            await gateway.DisposeAsync();
            throw new InvalidOperationException($"gateway did not start ({ex.Message}):\n{output}");
        }

        return gateway;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line.Contains("Application started", StringComparison.Ordinal))
        {
            _started.TrySetResult();
        }
    }
}
