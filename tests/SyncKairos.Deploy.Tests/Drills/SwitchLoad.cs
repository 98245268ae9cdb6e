using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace SyncKairos.Deploy.Tests.Drills;

/// <summary>
/// Steady switching load, one worker per session, each behaving like the SDK: it sticks to one gateway, and on a
/// connection failure moves to the next with exponential backoff (50 ms doubling to 400 ms). A 503 is retried after
/// 100 ms (shorter than Retry-After, to time the recovery finely). Every 200's version is recorded.
/// </summary>
public sealed class SwitchLoad : IAsyncDisposable
{
    private readonly IReadOnlyList<Uri> _gateways;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<SwitchResult> _results = new();
    private readonly Stopwatch _clock;
    private readonly TimeSpan _pace;
    private Task[] _workers = [];

    public SwitchLoad(IReadOnlyList<Uri> gateways, TimeSpan pace, Stopwatch clock)
    {
        _gateways = gateways;
        _clock = clock;
        _pace = pace;
    }

    public double NowMs => _clock.Elapsed.TotalMilliseconds;

    public IReadOnlyList<SwitchResult> Results => [.. _results];

    public IReadOnlyList<SwitchResult> Acknowledged => [.. _results.Where(r => r.Status == 200)];

    public void Start(IReadOnlyList<string> sessionIds) =>
        _workers = [.. sessionIds.Select((id, i) => Task.Run(() => RunAsync(id, i % _gateways.Count)))];

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
    }

    private async Task RunAsync(string sessionId, int gateway)
    {
        var backoff = TimeSpan.FromMilliseconds(50);
        while (!_stop.IsCancellationRequested)
        {
            var started = NowMs;
            int status;
            var retryAfter = false;
            long version = 0;
            try
            {
                using var content = new StringContent("{}", Encoding.UTF8, "application/json");
                using var response = await _http.PostAsync(new Uri(_gateways[gateway], $"/v1/sessions/{sessionId}/switch"), content, _stop.Token);
                status = (int)response.StatusCode;
                retryAfter = response.Headers.RetryAfter is not null;
                if (status == 200)
                {
                    using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(_stop.Token));
                    version = doc.RootElement.GetProperty("data").GetProperty("version").GetInt64();
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                status = 0;
            }

            _results.Enqueue(new SwitchResult(sessionId, gateway, NowMs, NowMs - started, status, retryAfter, version));
            var pause = _pace;
            if (status == 0)
            {
                gateway = (gateway + 1) % _gateways.Count;
                pause = backoff;
                backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 400));
            }
            else
            {
                backoff = TimeSpan.FromMilliseconds(50);
                if (status == 503)
                {
                    pause = TimeSpan.FromMilliseconds(100);
                }
            }

            try
            {
                // Pacing the load, not waiting for an outcome.
                await Task.Delay(pause, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _http.Dispose();
        _stop.Dispose();
    }
}
