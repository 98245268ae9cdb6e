using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using SyncKairos.Gateway.Tests.Infrastructure;
using static SyncKairos.Gateway.Tests.Infrastructure.TestSessions;

namespace SyncKairos.Gateway.Tests.Fuzzing;

/// <summary>
/// Issue 16, item 7: the service-level fuzz. Hostile create and switch bodies, raw HTTP/1.1 framing and WebSocket
/// frames against the gateway on real Kestrel, from one seed (printed on failure; SYNCKAIROS_FUZZ_SEED replays
/// another). It fails on any 5xx, on a body refused or accepted against the metadata rules, on any server-side
/// WebSocket close that is not a documented limit, and on any accepted session that is not readable everywhere:
/// GET and events 200, a watcher gets STATE_SYNC and then the STATE_UPDATE of a start.
/// </summary>
public sealed partial class FuzzTests
{
    private const int DefaultServiceSeed = 16_007;
    private const int ServiceIterationsPerWorker = 600;

    private static int ServiceSeed =>
        int.TryParse(Environment.GetEnvironmentVariable("SYNCKAIROS_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : DefaultServiceSeed;

    [Fact]
    public async Task HostileInputIsRefusedOrStoredReadableNeverAServerError()
    {
        var seed = ServiceSeed;
        var (factory, logs) = Start();
        await using var _ = factory;
        var baseAddress = factory.StartKestrel();
        using var client = new HttpClient { BaseAddress = baseAddress };
        var known = await SeedSessionsAsync(client);
        var participants = new List<string>();
        foreach (var id in known)
        {
            participants.AddRange((await GetAsync(client, $"/v1/sessions/{id}")).GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("participant_id").GetString()!));
        }

        var run = new ServiceRun(client, baseAddress, known, participants);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => run.WorkerAsync(new FuzzValues((seed * 31) + worker), ServiceIterationsPerWorker)));
        clock.Stop();

        var summary = $"seed {seed}: {run.Bodies} bodies, {run.RawRequests} raw requests, {run.Frames} WebSocket frames, {run.Accepted} sessions accepted and checked, in {clock.Elapsed.TotalSeconds:F1} s";
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        var kinds = run.Failures.GroupBy(f => f.Kind).Select(g => $"{g.Count()} × {g.Key}");
        Assert.True(run.Failures.IsEmpty, $"{summary}; replay with SYNCKAIROS_FUZZ_SEED={seed}. {run.Failures.Count} failures ({string.Join("; ", kinds)}):\n{string.Join("\n", run.Failures.Take(15).Select(f => $"{f.Kind}: {f.Detail}"))}");
        Assert.True(run.Bodies >= 1500 && run.RawRequests >= 300 && run.Frames >= 1000 && run.Accepted >= 300, summary);
        await AssertHealthyAsync(client, logs);
    }

    private sealed class ServiceRun(HttpClient client, Uri baseAddress, IReadOnlyList<string> known, IReadOnlyList<string> participants)
    {
        private int _bodies;
        private int _raw;
        private int _frames;
        private int _accepted;

        public ConcurrentQueue<(string Kind, string Detail)> Failures { get; } = new();

        public int Bodies => _bodies;

        public int RawRequests => _raw;

        public int Frames => _frames;

        public int Accepted => _accepted;

        private static CancellationToken Ct => TestContext.Current.CancellationToken;

        public async Task WorkerAsync(FuzzValues fuzz, int iterations)
        {
            for (var i = 0; i < iterations; i++)
            {
                var roll = fuzz.Random.Next(10);
                if (roll < 6)
                {
                    await CreateAsync(fuzz);
                }
                else if (roll < 8)
                {
                    await SwitchAsync(fuzz);
                }
                else
                {
                    await RawAsync(fuzz);
                }
            }
        }

        private async Task CreateAsync(FuzzValues fuzz)
        {
            var id = NewId();
            var (body, mustRefuse, outcomeKnown) = fuzz.HostileCreate(id);
            using var content = new ByteArrayContent(body);
            content.Headers.TryAddWithoutValidation("Content-Type", fuzz.Random.Next(8) == 0 ? "application/json; charset=utf-8" : "application/json");
            using var response = await client.PostAsync("/v1/sessions", content, Ct);
            Interlocked.Increment(ref _bodies);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync(Ct);
            if (status >= 500)
            {
                Fail("create answered 5xx", $"{Show(body)} → {status} {text}");
            }
            else if (outcomeKnown && mustRefuse && status != 400)
            {
                Fail("unstorable metadata not refused", $"{Show(body)} → {status} {Truncate(text, 200)}");
            }
            else if (outcomeKnown && !mustRefuse && status != 201)
            {
                Fail("storable metadata refused", $"{Show(body)} → {status} {Truncate(text, 300)}");
            }

            if (status == 201)
            {
                await CheckReadableAsync(id, fuzz);
            }
        }

        private async Task SwitchAsync(FuzzValues fuzz)
        {
            var id = fuzz.Pick(known);
            var body = fuzz.HostileSwitch(participants);
            using var content = new ByteArrayContent(body);
            content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            using var response = await client.PostAsync($"/v1/sessions/{id}/switch", content, Ct);
            Interlocked.Increment(ref _bodies);
            if ((int)response.StatusCode >= 500)
            {
                Fail("switch answered 5xx", $"{Show(body)} → {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
            }

            await ExpectStatusAsync($"/v1/sessions/{id}", 200, "GET after a hostile switch");
        }

        private async Task RawAsync(FuzzValues fuzz)
        {
            var create = fuzz.Random.Next(3) != 0;
            var id = create ? NewId() : fuzz.Pick(known);
            var body = create ? fuzz.HostileCreate(id).Body : fuzz.HostileSwitch(participants);
            var path = create ? "/v1/sessions" : $"/v1/sessions/{id}/switch";
            var (request, halfClose) = fuzz.RawRequest(path, body);
            var (status, text) = await RawHttp.SendAsync(baseAddress, request, halfClose, Ct);
            Interlocked.Increment(ref _raw);
            if (status >= 500 || (status == 0 && !halfClose))
            {
                Fail(status == 0 ? "raw request not answered" : "raw request answered 5xx", $"{Show(request)} → {status} {Truncate(text, 300)}");
            }

            if (create && status == 201)
            {
                await CheckReadableAsync(id, fuzz);
            }
        }

        /// <summary>An accepted session must be readable everywhere, and its watcher must survive hostile frames short of a documented limit.</summary>
        private async Task CheckReadableAsync(string id, FuzzValues fuzz)
        {
            Interlocked.Increment(ref _accepted);
            await ExpectStatusAsync($"/v1/sessions/{id}", 200, "GET of an accepted session");
            await ExpectStatusAsync($"/v1/sessions/{id}/events", 200, "events of an accepted session");
            await using var ws = await WsClient.ConnectAsync(baseAddress, id);
            try
            {
                await ws.WaitForAsync("STATE_SYNC");
            }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
            {
                Fail("no STATE_SYNC for an accepted session", $"{id}: {ex.Message}");
                return;
            }

            var limits = new HashSet<WebSocketCloseStatus>();
            var frames = fuzz.Random.Next(0, 9);
            for (var i = 0; i < frames && limits.Count == 0; i++)
            {
                var (payload, type, fragmented, closes) = fuzz.HostileFrame();
                try
                {
                    if (fragmented && payload.Length > 1)
                    {
                        var cut = fuzz.Random.Next(1, payload.Length);
                        await ws.SendFrameAsync(payload.AsMemory(0, cut), type, endOfMessage: false);
                        await ws.SendFrameAsync(payload.AsMemory(cut), type, endOfMessage: true);
                    }
                    else
                    {
                        await ws.SendFrameAsync(payload, type, endOfMessage: true);
                    }

                    Interlocked.Increment(ref _frames);
                }
                catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException || (ex is OperationCanceledException && !Ct.IsCancellationRequested))
                {
                    // The server closed under the send; its close status is judged below.
                }

                if (closes is { } limit)
                {
                    limits.Add(limit);
                }
            }

            using (var start = await client.PostAsync($"/v1/sessions/{id}/start", null, Ct))
            {
                if ((int)start.StatusCode != 200)
                {
                    Fail("start of an accepted session failed", $"{id} → {(int)start.StatusCode} {await start.Content.ReadAsStringAsync(Ct)}");
                }
            }

            try
            {
                // A RECONNECT among the frames may have been answered after the start: version 2 then comes as that
                // STATE_SYNC, and the watcher is not sent the same version twice.
                await ws.WaitForAnyAsync(["STATE_UPDATE", "STATE_SYNC"], where: m => m.GetProperty("state").GetProperty("version").GetInt64() == 2);
            }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
            {
                // Only a documented limit that one of the frames crossed may have closed the watcher. The server
                // closes such a socket with data of ours unread, so TCP may reset it before its close frame arrives.
                if (limits.Count == 0 || (ws.CloseStatus is { } closed && !limits.Contains(closed)))
                {
                    Fail("watcher lost", $"{id} after frames crossing [{string.Join(",", limits)}]: {ex.Message}");
                }
            }

            using var deleted = await client.DeleteAsync($"/v1/sessions/{id}", Ct);
        }

        private async Task ExpectStatusAsync(string path, int expected, string what)
        {
            using var response = await client.GetAsync(path, Ct);
            var text = await response.Content.ReadAsStringAsync(Ct);
            if ((int)response.StatusCode != expected)
            {
                Fail($"{what} not {expected}", $"{path} → {(int)response.StatusCode} {Truncate(text, 300)}");
                return;
            }

            try
            {
                using var _ = JsonDocument.Parse(text);
            }
            catch (JsonException ex)
            {
                Fail($"{what} not JSON", $"{path}: {ex.Message}");
            }
        }

        private void Fail(string kind, string detail) => Failures.Enqueue((kind, detail));

        private static string Show(byte[] bytes) =>
            Truncate(string.Concat(bytes.Take(400).Select(b => b is >= 0x20 and < 0x7f ? ((char)b).ToString() : $"\\x{b:x2}")), 400);
    }
}
