using System.Diagnostics;
using System.Text;
using System.Text.Json;
using SyncKairos.Gateway.Tests.Infrastructure;
using static SyncKairos.Gateway.Tests.Infrastructure.TestSessions;

namespace SyncKairos.Gateway.Tests;

/// <summary>An outside peer: the Node <c>ws</c> client (tests/SyncKairos.Gateway.Tests/peers/ws) against the gateway.</summary>
public sealed class NodePeerTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task NodeClientFollowsTheProtocolToTheEnd()
    {
        using var client = gateway.CreateClient();
        var id = NewId();
        await CreateAsync(client, id);
        await using var peer = NodePeer.Start(gateway.BaseAddress, id, "watch");
        await peer.WaitForLineAsync(l => l.Contains("\"type\":\"STATE_SYNC\"", StringComparison.Ordinal) && l.Contains("\"version\":1,", StringComparison.Ordinal));
        var pong = await peer.WaitForLineAsync(l => l.Contains("\"type\":\"PONG\"", StringComparison.Ordinal));
        Assert.Equal(12345.5, JsonDocument.Parse(pong[4..]).RootElement.GetProperty("client_time").GetDouble());

        // The reply to RECONNECT; then updates and the deletion.
        await peer.WaitForLineAsync(l => l.Contains("\"type\":\"STATE_SYNC\"", StringComparison.Ordinal));
        await PostAsync(client, $"/v1/sessions/{id}/start");
        await peer.WaitForLineAsync(l => l.Contains("\"type\":\"STATE_UPDATE\"", StringComparison.Ordinal) && l.Contains("\"version\":2,", StringComparison.Ordinal));
        using var deleted = await client.DeleteAsync($"/v1/sessions/{id}", TestContext.Current.CancellationToken);
        await peer.WaitForLineAsync(l => l.Contains("\"type\":\"SESSION_DELETED\"", StringComparison.Ordinal));
        await peer.WaitForLineAsync(l => l == "CLOSE 1000 Session deleted");
    }

    [Fact]
    public async Task NodeClientSendingAnOversizeFrameIsClosed1009()
    {
        await using var peer = NodePeer.Start(gateway.BaseAddress, NewId(), "big");
        await peer.WaitForLineAsync(l => l.StartsWith("CLOSE 1009", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NodeClientWithBadSessionIdIsClosed1008()
    {
        await using var peer = NodePeer.Start(gateway.BaseAddress, "nope", "watch");
        await peer.WaitForLineAsync(l => l == "CLOSE 1008 Invalid sessionId format");
    }

    private sealed class NodePeer : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly System.Threading.Channels.Channel<string> _lines = System.Threading.Channels.Channel.CreateUnbounded<string>();
        private readonly StringBuilder _all = new();

        private NodePeer(Process process) => _process = process;

        public static NodePeer Start(Uri baseAddress, string sessionId, string mode)
        {
            var dir = RepoPaths.WsPeerDirectory;
            Assert.True(
                Directory.Exists(Path.Combine(dir, "node_modules", "ws")),
                $"the Node peer's packages are missing: run `npm ci` in {dir} (./test.sh does)");
            var psi = new ProcessStartInfo("node")
            {
                WorkingDirectory = dir,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            psi.ArgumentList.Add("peer.js");
            psi.ArgumentList.Add($"ws://{baseAddress.Authority}/ws?sessionId={sessionId}");
            psi.ArgumentList.Add(mode);
            var process = new Process { StartInfo = psi };
            var peer = new NodePeer(process);
            process.OutputDataReceived += (_, e) => peer.Add(e.Data);
            process.ErrorDataReceived += (_, e) => peer.Add(e.Data is null ? null : "STDERR " + e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return peer;
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

        public async Task<string> WaitForLineAsync(Func<string, bool> match)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            cts.CancelAfter(TimeSpan.FromSeconds(15));
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
            catch (OperationCanceledException)
            {
                lock (_all)
                {
                    throw new TimeoutException("expected line not printed by the Node peer; output:\n" + _all);
                }
            }
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
}
