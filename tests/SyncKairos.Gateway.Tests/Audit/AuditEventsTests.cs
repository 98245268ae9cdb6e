using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using SyncKairos.Gateway.Tests.Infrastructure;
using SyncKairos.Testing;
using static SyncKairos.Gateway.Tests.Infrastructure.TestSessions;

namespace SyncKairos.Gateway.Tests.Audit;

/// <summary>
/// The write-behind audit seen from a client: REST changes → session scripts → audit list → writer → store →
/// <c>GET /v1/sessions/{id}/events</c>. Each subclass runs a gateway on its own Redis and its own audit store.
/// </summary>
public abstract partial class AuditEventsTests : IAsyncLifetime
{
    private RedisServerProcess? _redis;
    private GatewayFactory? _gateway;
    private HttpClient? _client;

    protected HttpClient Client => _client ?? throw new InvalidOperationException("not started");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex IsoMillisZ();

    protected abstract Task<Dictionary<string, string?>> AuditSettingsAsync();

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServerProcess.StartAsync(ServerKind.Redis);
        var settings = await AuditSettingsAsync();
        settings["SyncKairos:Audit:PollInterval"] = "00:00:00.020";
        _gateway = new GatewayFactory(_redis.Endpoint, settings);
        _client = _gateway.CreateClient();
        await WaitUntilReadyAsync();
    }

    /// <summary>Like a load balancer: the instance takes traffic once /ready says so (PostgreSQL is migrated by then).</summary>
    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            using var ready = await Client.GetAsync("/ready", Ct);
            last = await ready.Content.ReadAsStringAsync(Ct);
            if (ready.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(50, Ct);
        }

        Assert.Fail($"gateway not ready within 30 s: {last}");
    }

    public virtual async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    [Fact]
    public async Task EveryCommittedChangeAppearsOnceInOrder()
    {
        var id = NewId();
        await CreateAsync(Client, id);
        await PostAsync(Client, $"/v1/sessions/{id}/start");
        await PostAsync(Client, $"/v1/sessions/{id}/switch");
        await PostAsync(Client, $"/v1/sessions/{id}/switch");
        var paused = await PostAsync(Client, $"/v1/sessions/{id}/pause");

        var events = await WaitForEventsAsync(id, paused.GetProperty("version").GetInt64());

        Assert.Equal(
            ["session_created", "session_started", "cycle_switched", "cycle_switched", "session_paused"],
            events.Select(e => e.GetProperty("event_type").GetString()));
        Assert.Equal([1L, 2, 3, 4, 5], events.Select(e => e.GetProperty("version").GetInt64()));
        foreach (var e in events)
        {
            Assert.Equal($"{id}:{e.GetProperty("version").GetInt64()}", e.GetProperty("event_id").GetString(), ignoreCase: true);
            Assert.Matches(IsoMillisZ(), e.GetProperty("occurred_at").GetString());
            Assert.Equal(e.GetProperty("version").GetInt64(), e.GetProperty("state").GetProperty("version").GetInt64());
        }
    }

    [Fact]
    public async Task AfterVersionAndLimitPage()
    {
        var id = NewId();
        await CreateAsync(Client, id);
        await PostAsync(Client, $"/v1/sessions/{id}/start");
        await PostAsync(Client, $"/v1/sessions/{id}/switch");
        await WaitForEventsAsync(id, 3);

        var page = await GetAsync(Client, $"/v1/sessions/{id}/events?after_version=1&limit=1");
        var only = Assert.Single(page.EnumerateArray());
        Assert.Equal(2, only.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task HistoryOutlivesDeletion()
    {
        var id = NewId();
        await CreateAsync(Client, id);
        await WaitForEventsAsync(id, 1);
        using (var deleted = await Client.DeleteAsync($"/v1/sessions/{id}", Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        var events = await WaitForEventsAsync(id, 2);
        Assert.Equal("session_deleted", events[^1].GetProperty("event_type").GetString());
    }

    [Fact]
    public async Task UnknownSessionIs404AndBadQueryIs400()
    {
        using var unknown = await Client.GetAsync($"/v1/sessions/{NewId()}/events", Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("SESSION_NOT_FOUND", (await unknown.ReadJsonAsync()).GetProperty("error").GetProperty("code").GetString());

        foreach (var query in new[] { "limit=0", "limit=1001", "limit=x", "after_version=-1" })
        {
            using var bad = await Client.GetAsync($"/v1/sessions/{NewId()}/events?{query}", Ct);
            Assert.True(bad.StatusCode == HttpStatusCode.BadRequest, $"{query}: {(int)bad.StatusCode}");
            Assert.Equal("VALIDATION_ERROR", (await bad.ReadJsonAsync()).GetProperty("error").GetProperty("code").GetString());
        }

        using var notUuid = await Client.GetAsync("/v1/sessions/not-a-uuid/events", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, notUuid.StatusCode);
    }

    [Fact]
    public async Task ReadyReportsReadyWithTheAuditStoreUp()
    {
        using var ready = await Client.GetAsync("/ready", Ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", (await ready.ReadJsonAsync()).GetProperty("status").GetString());
    }

    /// <summary>The writer drains asynchronously: wait (bounded) until the history reaches <paramref name="version"/>.</summary>
    private async Task<JsonElement[]> WaitForEventsAsync(string id, long version)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        JsonElement[] events = [];
        while (DateTime.UtcNow < deadline)
        {
            events = (await GetAsync(Client, $"/v1/sessions/{id}/events")).EnumerateArray().ToArray();
            if (events.Length > 0 && events[^1].GetProperty("version").GetInt64() >= version)
            {
                return events;
            }

            await Task.Delay(50, Ct);
        }

        Assert.Fail($"audit history of {id} did not reach version {version} within 20 s; it has {events.Length} events");
        return events;
    }
}
