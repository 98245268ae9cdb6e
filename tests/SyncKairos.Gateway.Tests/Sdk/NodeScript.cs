using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using SyncKairos.Gateway.Tests.Infrastructure;

namespace SyncKairos.Gateway.Tests.Sdk;

/// <summary>
/// A Node script as a child process whose output lines tests wait on: the compiled TypeScript SDK's
/// integration peer (clients/js/test-integration/peer.mjs, one line per event: STATE, GAP, CONNECTION,
/// OFFSET, ...), the demo page's browser test (peers/demo), both exiting 0 on success, or the raw
/// <c>ws</c> client (peers/ws, one line per frame and CLOSE code reason).
/// </summary>
public sealed class NodeScript : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _all = new();

    private NodeScript(Process process) => _process = process;

    public static string SdkDirectory => Path.Combine(RepoPaths.Root, "clients", "js");

    public static string DemoTestDirectory => Path.Combine(RepoPaths.Root, "tests", "SyncKairos.Gateway.Tests", "peers", "demo");

    public string Output
    {
        get
        {
            lock (_all)
            {
                return _all.ToString();
            }
        }
    }

    /// <summary>The SDK's integration peer in the given mode (<c>offset</c> or <c>watch</c>).</summary>
    public static NodeScript Sdk(string mode, IReadOnlyDictionary<string, string> environment)
    {
        Assert.True(
            File.Exists(Path.Combine(SdkDirectory, "dist", "index.js")),
            $"the SDK is not built: run `npm ci && npm run build` in {SdkDirectory} (./test.sh does)");
        return Start(SdkDirectory, ["--experimental-websocket", "--no-warnings", Path.Combine("test-integration", "peer.mjs"), mode], environment);
    }

    /// <summary>The /demo/ page's browser test (Playwright driving Debian's chromium).</summary>
    public static NodeScript DemoBrowserTest(IReadOnlyDictionary<string, string> environment)
    {
        Assert.True(
            Directory.Exists(Path.Combine(DemoTestDirectory, "node_modules", "playwright-core")),
            $"playwright-core is missing: run `npm ci` in {DemoTestDirectory} (./test.sh does)");
        return Start(DemoTestDirectory, ["demo-test.mjs"], environment);
    }

    /// <summary>The Node <c>ws</c> client on one session's socket, in the given mode (<c>watch</c> or <c>big</c>).</summary>
    public static NodeScript WsPeer(Uri baseAddress, string sessionId, string mode)
    {
        var directory = RepoPaths.WsPeerDirectory;
        Assert.True(
            Directory.Exists(Path.Combine(directory, "node_modules", "ws")),
            $"the Node peer's packages are missing: run `npm ci` in {directory} (./test.sh does)");
        return Start(directory, ["peer.js", $"ws://{baseAddress.Authority}/ws?sessionId={sessionId}", mode], new Dictionary<string, string>());
    }

    private static NodeScript Start(string directory, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var psi = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            psi.Environment[key] = value;
        }

        var process = new Process { StartInfo = psi };
        var peer = new NodeScript(process);
        process.OutputDataReceived += (_, e) => peer.Add(e.Data);
        process.ErrorDataReceived += (_, e) => peer.Add(e.Data is null ? null : "STDERR " + e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    /// <summary>Waits for the next line (after those already consumed) that matches.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan? timeout = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(20));
        try
        {
            while (true)
            {
                var line = await _lines.Reader.ReadAsync(cts.Token);
                if (match(line))
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException("expected line not printed by the Node script; output:\n" + Output);
        }
    }

    public Task<string> WaitForLineAsync(string prefix, TimeSpan? timeout = null) =>
        WaitForLineAsync(l => l.StartsWith(prefix, StringComparison.Ordinal), timeout);

    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        try
        {
            await _process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(timeout ?? TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("the Node script did not exit; output:\n" + Output);
        }

        // The exit event can run before the last redirected lines are read; WaitForExit() drains them.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_all)
        {
            _all.AppendLine(line);
        }

        _lines.Writer.TryWrite(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
