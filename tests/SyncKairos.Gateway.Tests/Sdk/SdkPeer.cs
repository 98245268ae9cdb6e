using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using SyncKairos.Gateway.Tests.Infrastructure;

namespace SyncKairos.Gateway.Tests.Sdk;

/// <summary>
/// clients/js/test-integration/peer.mjs as a child process: the compiled TypeScript SDK against a gateway.
/// It prints one line per event (STATE, GAP, CONNECTION, OFFSET, ...) and exits 0 on success.
/// </summary>
public sealed class SdkPeer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _all = new();

    private SdkPeer(Process process) => _process = process;

    public static string PackageDirectory => Path.Combine(RepoPaths.Root, "clients", "js");

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

    public static SdkPeer Start(string mode, IReadOnlyDictionary<string, string> environment)
    {
        Assert.True(
            File.Exists(Path.Combine(PackageDirectory, "dist", "index.js")),
            $"the SDK is not built: run `npm ci && npm run build` in {PackageDirectory} (./test.sh does)");
        var psi = new ProcessStartInfo("node")
        {
            WorkingDirectory = PackageDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("--experimental-websocket");
        psi.ArgumentList.Add("--no-warnings");
        psi.ArgumentList.Add(Path.Combine("test-integration", "peer.mjs"));
        psi.ArgumentList.Add(mode);
        foreach (var (key, value) in environment)
        {
            psi.Environment[key] = value;
        }

        var process = new Process { StartInfo = psi };
        var peer = new SdkPeer(process);
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
            throw new TimeoutException("expected line not printed by the SDK peer; output:\n" + Output);
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
            throw new TimeoutException("the SDK peer did not exit; output:\n" + Output);
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
