using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace SyncKairos.Silo.Embedded;

/// <summary>
/// A Garnet server run as a child process on a free loopback port. It never outlives the gateway: Garnet is
/// exec'd by a small shell wrapper that leaves behind a watcher blocked on our stdin pipe; when the gateway
/// exits for any reason, SIGKILL included, the kernel closes that pipe and the watcher terminates Garnet.
/// </summary>
public sealed partial class EmbeddedGarnet : IAsyncDisposable
{
    // $1 = log file, then the command. The watcher subshell keeps the pipe as fd 3; Garnet replaces the shell
    // (exec), so the process we started IS Garnet and $$ inside the watcher is Garnet's pid.
    private const string WrapperScript = """
        log="$1"; shift
        exec 3<&0
        ( cat <&3 >/dev/null 2>&1
          kill -TERM $$ 2>/dev/null
          i=0
          while kill -0 $$ 2>/dev/null && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i+1)); done
          kill -KILL $$ 2>/dev/null ) >/dev/null 2>&1 &
        exec "$@" >>"$log" 2>&1 </dev/null 3<&-
        """;

    private readonly Process _process;
    private readonly ILogger _logger;
    private readonly string _logFile;
    private int _disposed;

    private EmbeddedGarnet(Process process, int port, string dataDirectory, string logFile, ILogger logger)
    {
        _process = process;
        Port = port;
        DataDirectory = dataDirectory;
        _logFile = logFile;
        _logger = logger;
    }

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public string DataDirectory { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public static async Task<EmbeddedGarnet> StartAsync(EmbeddedSettings settings, ILogger logger, CancellationToken cancellationToken)
    {
        var dataDirectory = Path.GetFullPath(settings.DataDirectory);
        var garnetDirectory = Path.Combine(dataDirectory, "garnet");
        Directory.CreateDirectory(garnetDirectory);
        var dll = GarnetLocation.FindServerDll();

        // The free port can be taken between asking and binding; a few attempts make that race harmless.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            var garnet = Launch(dll, port, settings.Memory, dataDirectory, garnetDirectory, logger);
            try
            {
                await garnet.WaitUntilAnsweringAsync(settings.StartTimeout, cancellationToken);
                LogStarted(logger, garnet.Endpoint, garnet.ProcessId, garnetDirectory);
                return garnet;
            }
            catch (Exception ex) when (attempt < 3 && ex is not OperationCanceledException)
            {
                LogStartRetry(logger, port, ex.Message);
                await garnet.DisposeAsync();
            }
            catch
            {
                await garnet.DisposeAsync();
                throw;
            }
        }
    }

    private static EmbeddedGarnet Launch(string dll, int port, string memory, string dataDirectory, string garnetDirectory, ILogger logger)
    {
        var logFile = Path.Combine(dataDirectory, "garnet.log");
        var psi = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            WorkingDirectory = garnetDirectory,
        };
        string[] args =
        [
            "-c", WrapperScript, "garnet-wrapper", logFile,
            GarnetLocation.DotnetHost(), dll,
            "--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture),
            "--lua", "--lua-transaction-mode", "-m", memory,
            // Durability: append-only file plus checkpoints, replayed at start. The native (libaio) device
            // is not available on every host; the portable device is.
            "--checkpointdir", garnetDirectory, "--aof", "--recover", "--device-type", "RandomAccess",
        ];
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start the embedded Garnet.");
        return new EmbeddedGarnet(process, port, dataDirectory, logFile, logger);
    }

    private async Task WaitUntilAnsweringAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"Embedded Garnet exited with code {_process.ExitCode} during start. Last log lines:\n{LogTail()}");
            }

            if (await TrySendAsync("*1\r\n$4\r\nPING\r\n", "+PONG", TimeSpan.FromSeconds(1), cancellationToken))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        throw new TimeoutException($"Embedded Garnet did not answer PING within {limit}. Last log lines:\n{LogTail()}");
    }

    /// <summary>Checkpoints (so the next start recovers quickly) and stops Garnet.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) != 0 || _process.HasExited)
        {
            return;
        }

        if (!await TrySendAsync("*1\r\n$4\r\nSAVE\r\n", "+OK", TimeSpan.FromSeconds(10), cancellationToken))
        {
            LogCheckpointFailed(_logger, Endpoint);
        }

        // Closing our end of the pipe is the stop signal the watcher waits for (SIGTERM, then SIGKILL after 10 s).
        _process.StandardInput.Close();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }

        LogStopped(_logger, Endpoint);
    }

    public async ValueTask DisposeAsync()
    {
        // Also reached twice when the host disposes the owner under two registrations.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            try
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
            catch (InvalidOperationException)
            {
            }
        }

        _process.Dispose();
    }

    private async Task<bool> TrySendAsync(string command, string expectedPrefix, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port, cts.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(command), cts.Token);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, cts.Token);
            return read > 0 && Encoding.ASCII.GetString(buffer, 0, read).StartsWith(expectedPrefix, StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or IOException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    private string LogTail()
    {
        try
        {
            var lines = File.ReadAllLines(_logFile);
            return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 20)));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Embedded Garnet started at {Endpoint} (pid {Pid}, data in {Directory})")]
    private static partial void LogStarted(ILogger logger, string endpoint, int pid, string directory);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Embedded Garnet did not start on port {Port}, retrying: {Reason}")]
    private static partial void LogStartRetry(ILogger logger, int port, string reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Embedded Garnet at {Endpoint} did not confirm its shutdown checkpoint; the append-only file still holds every write")]
    private static partial void LogCheckpointFailed(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Embedded Garnet at {Endpoint} stopped")]
    private static partial void LogStopped(ILogger logger, string endpoint);
}
