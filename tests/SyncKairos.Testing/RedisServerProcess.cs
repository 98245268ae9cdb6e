using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace SyncKairos.Testing;

/// <summary>
/// A throwaway Redis or Garnet server on a loopback port, owned by one test fixture.
/// Tests may kill, stop, continue and restart it to exercise failure handling.
/// </summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    private readonly string[] _extraArgs;
    private Process? _process;
    private readonly StringBuilder _output = new();

    private RedisServerProcess(ServerKind kind, int port, string directory, string[] extraArgs)
    {
        Kind = kind;
        Port = port;
        Directory = directory;
        _extraArgs = extraArgs;
    }

    public ServerKind Kind { get; }

    public int Port { get; }

    public string Directory { get; }

    public string Host => "127.0.0.1";

    public string Endpoint => $"{Host}:{Port}";

    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

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

    public static async Task<RedisServerProcess> StartAsync(ServerKind kind, params string[] extraArgs)
    {
        var dir = Path.Combine(Path.GetTempPath(), "synckairos-tests", $"{kind.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(dir);
        var server = new RedisServerProcess(kind, FreePort.Next(), dir, extraArgs);
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts (or restarts, after <see cref="KillAsync"/>) the server on the same port.</summary>
    public async Task StartAsync()
    {
        var psi = Kind == ServerKind.Redis ? RedisStartInfo() : GarnetStartInfo();
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        psi.WorkingDirectory = Directory;
        var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitUntilAnsweringAsync(TimeSpan.FromSeconds(60));
        if (Kind == ServerKind.Garnet)
        {
            // Garnet starts its Lua runtime on the first script (about a second idle, several under load), which
            // would otherwise eat the first test's command timeout.
            await SendRawAsync("*3\r\n$4\r\nEVAL\r\n$8\r\nreturn 1\r\n$1\r\n0\r\n", ":1", TimeSpan.FromSeconds(60));
        }
    }

    private ProcessStartInfo RedisStartInfo()
    {
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("REDIS_SERVER_BIN") ?? "redis-server");
        foreach (var arg in new[]
                 {
                     "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                     "--dir", Directory, "--protected-mode", "no", "--daemonize", "no",
                 })
        {
            psi.ArgumentList.Add(arg);
        }

        foreach (var arg in _extraArgs)
        {
            psi.ArgumentList.Add(arg);
        }

        return psi;
    }

    private ProcessStartInfo GarnetStartInfo()
    {
        var psi = new ProcessStartInfo("dotnet");
        foreach (var arg in new[]
                 {
                     GarnetLocation.FindServerDll(), "--bind", "127.0.0.1", "--port", Port.ToString(),
                     "--lua", "--lua-transaction-mode", "-m", "256m", "-q",
                 })
        {
            psi.ArgumentList.Add(arg);
        }

        foreach (var arg in _extraArgs)
        {
            psi.ArgumentList.Add(arg);
        }

        return psi;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < 64 * 1024)
            {
                _output.AppendLine(line);
            }
        }
    }

    private async Task WaitUntilAnsweringAsync(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (_process is { HasExited: true })
            {
                throw new InvalidOperationException($"{Kind} exited with {_process.ExitCode} during start:\n{Output}");
            }

            try
            {
                if (await PingAsync())
                {
                    return;
                }
            }
            catch (SocketException)
            {
            }
            catch (IOException)
            {
            }
            catch (TimeoutException)
            {
                // Listening but not answering yet: a loaded machine can take seconds over a fresh server's first
                // PING (Garnet JIT-compiles on its way); ask again until the limit.
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{Kind} on port {Port} did not answer PING within {limit}:\n{Output}");
    }

    private Task<bool> PingAsync() => SendRawAsync("*1\r\n$4\r\nPING\r\n", "+PONG", TimeSpan.FromSeconds(2));

    /// <summary>Sends one raw RESP command and tells whether the reply starts as expected.</summary>
    private async Task<bool> SendRawAsync(string command, string expectedReplyStart, TimeSpan timeout)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(Host, Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command));
        var buffer = new byte[64];
        var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(timeout);
        return read > 0 && Encoding.ASCII.GetString(buffer, 0, read).StartsWith(expectedReplyStart, StringComparison.Ordinal);
    }

    /// <summary>SIGKILL: the server dies with whatever it had in flight.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
    }

    /// <summary>SIGSTOP: the socket stays open but nothing answers.</summary>
    /// <remarks>
    /// kill(2) returns before every thread of a busy multi-threaded server (Garnet) has stopped, and a thread
    /// still running can answer one more command; so this returns only once /proc shows every thread stopped.
    /// </remarks>
    public void Suspend()
    {
        Signal("STOP");
        if (_process is { HasExited: false } p)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
            while (!AllThreadsStopped(p.Id) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(1);
            }
        }
    }

    private static bool AllThreadsStopped(int pid)
    {
        try
        {
            foreach (var task in System.IO.Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                // The state is the first field after the parenthesised command name, which may itself hold spaces.
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var state = stat[(stat.LastIndexOf(')') + 2)..].TrimStart()[0];
                if (state is not ('T' or 't'))
                {
                    return false;
                }
            }

            return true;
        }
        catch (IOException)
        {
            // A thread that exits while we look is not running either.
            return false;
        }
    }

    /// <summary>
    /// Bytes clients have sent that the server has not read yet (the receive queues of its connections, from
    /// /proc/net/tcp): after <see cref="Suspend"/>, more than zero means commands are on the wire.
    /// </summary>
    public long UnreadBytes()
    {
        var local = $":{Port:X4}";
        long unread = 0;
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            // sl local_address rem_address st tx_queue:rx_queue ...; st 01 is ESTABLISHED.
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 4 && fields[1].EndsWith(local, StringComparison.Ordinal) && fields[3] == "01")
            {
                unread += Convert.ToInt64(fields[4].Split(':')[1], 16);
            }
        }

        return unread;
    }

    /// <summary>SIGCONT after <see cref="Suspend"/>.</summary>
    public void Resume() => Signal("CONT");

    private void Signal(string signal)
    {
        if (_process is { HasExited: false } p)
        {
            using var kill = Process.Start("kill", $"-{signal} {p.Id}");
            kill.WaitForExit();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Resume();
        await KillAsync();
        _process?.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
