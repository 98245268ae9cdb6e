using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using StackExchange.Redis;
using SyncKairos.Testing;

namespace SyncKairos.Deploy.Tests.Drills;

/// <summary>
/// What one drill runs against: a redis-server with AOF (fsync always, so even SIGKILL keeps acknowledged writes),
/// the drills' dedicated PostgreSQL, and N gateway processes on loopback sharing both.
/// </summary>
public sealed class DrillCluster : IAsyncDisposable
{
    private readonly PostgresServerProcess _postgres;
    private readonly List<GatewayProcess> _gateways = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private DrillCluster(RedisServerProcess redis, PostgresServerProcess postgres)
    {
        Redis = redis;
        _postgres = postgres;
    }

    public RedisServerProcess Redis { get; }

    public IReadOnlyList<GatewayProcess> Gateways => _gateways;

    public IReadOnlyList<Uri> Addresses => [.. _gateways.Select(g => g.BaseAddress)];

    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    public static async Task<DrillCluster> StartAsync(PostgresServerProcess postgres, int gateways, IReadOnlyDictionary<string, string>? extra = null)
    {
        var redis = await RedisServerProcess.StartAsync(ServerKind.Redis, "--appendonly", "yes", "--appendfsync", "always");
        var cluster = new DrillCluster(redis, postgres);
        var settings = new Dictionary<string, string>
        {
            // Short command timeout and audit lease so outages and failovers show within a drill's seconds.
            ["SyncKairos:Redis:ConnectionString"] = $"{redis.Endpoint},commandTimeout=1000,connectTimeout=1000",
            // The drills load a few sessions hard on purpose; the shared rate limits are not what they measure.
            ["SyncKairos:RateLimits:Enabled"] = "false",
            ["SyncKairos:Audit:PostgresConnectionString"] = postgres.ConnectionString,
            ["SyncKairos:Audit:MigrateOnStart"] = "false",
            ["SyncKairos:Audit:LeaseDuration"] = "00:00:02",
            ["SyncKairos:Audit:PollInterval"] = "00:00:00.020",
            ["SyncKairos:Audit:MaxBackoff"] = "00:00:00.500",

            // The drill's gateways are one Orleans cluster, as a deployment's are.
            ["SyncKairos:Silo:ClusterId"] = "drill-" + Guid.NewGuid().ToString("N")[..8],
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        for (var i = 0; i < gateways; i++)
        {
            cluster._gateways.Add(await GatewayProcess.StartAsync(settings, cancellationToken: TestContext.Current.CancellationToken));
        }

        return cluster;
    }

    /// <summary>Creates and starts a session of <paramref name="participants"/> participants through gateway 0.</summary>
    public async Task<string> CreateRunningSessionAsync(int participants = 4)
    {
        var id = Guid.NewGuid().ToString();
        var list = new JsonArray();
        for (var i = 0; i < participants; i++)
        {
            list.Add(new JsonObject { ["participant_id"] = Guid.NewGuid().ToString(), ["participant_index"] = i, ["total_time_ms"] = 3_600_000 });
        }

        var body = new JsonObject { ["session_id"] = id, ["sync_mode"] = "per_participant", ["total_time_ms"] = 3_600_000, ["participants"] = list };
        using (var created = await _http.PostAsync(new Uri(Addresses[0], "/v1/sessions"), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken))
        {
            Assert.Equal(201, (int)created.StatusCode);
        }

        using var started = await _http.PostAsync(new Uri(Addresses[0], $"/v1/sessions/{id}/start"), null, TestContext.Current.CancellationToken);
        Assert.Equal(200, (int)started.StatusCode);
        return id;
    }

    /// <summary>The session's version as a live gateway reads it from Redis now.</summary>
    public async Task<long> VersionAsync(string sessionId, int gateway = 0)
    {
        var doc = await _http.GetFromJsonAsync<JsonElement>(new Uri(Addresses[gateway], $"/v1/sessions/{sessionId}"), TestContext.Current.CancellationToken);
        return doc.GetProperty("data").GetProperty("version").GetInt64();
    }

    /// <summary>How many audit rows PostgreSQL holds per version of the session.</summary>
    public async Task<Dictionary<long, long>> AuditVersionsAsync(string sessionId)
    {
        // No pooling: the drills restart PostgreSQL, which leaves pooled connections dead.
        await using var connection = new NpgsqlConnection(_postgres.ConnectionString + ";Pooling=false");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT version, count(*) FROM sync_events WHERE session_id = @id GROUP BY version", connection);
        command.Parameters.AddWithValue("id", Guid.Parse(sessionId));
        var counts = new Dictionary<long, long>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            counts[reader.GetInt64(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    /// <summary>Events still queued in Redis for the audit writer.</summary>
    public async Task<long> AuditQueueLengthAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(Redis.Endpoint);
        return await redis.GetDatabase().ListLengthAsync("sk:audit:0");
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or the timeout passes; returns how long it took.</summary>
    public static async Task<TimeSpan> WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        while (!await condition())
        {
            Assert.True(watch.Elapsed < timeout, $"timed out after {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s waiting for {what}");
            await timer.WaitForNextTickAsync(TestContext.Current.CancellationToken);
        }

        return watch.Elapsed;
    }

    public static Task<TimeSpan> WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        WaitUntilAsync(() => Task.FromResult(condition()), timeout, what);

    /// <summary>Every acknowledged version is in PostgreSQL exactly once (waits for the writer to drain).</summary>
    public async Task<TimeSpan> AssertAuditCompleteAsync(IReadOnlyList<SwitchResult> acknowledged, TimeSpan timeout)
    {
        var bySession = acknowledged.GroupBy(r => r.SessionId).ToList();
        var took = await WaitUntilAsync(async () =>
        {
            foreach (var session in bySession)
            {
                var stored = await AuditVersionsAsync(session.Key);
                if (session.Any(r => !stored.ContainsKey(r.Version)))
                {
                    return false;
                }
            }

            return true;
        }, timeout, "every acknowledged switch in the audit trail");

        foreach (var session in bySession)
        {
            var stored = await AuditVersionsAsync(session.Key);
            Assert.All(stored, kv => Assert.True(kv.Value == 1, $"version {kv.Key} of {session.Key} stored {kv.Value} times"));
            Assert.Equal(session.Count(), session.Select(r => r.Version).Distinct().Count());
        }

        return took;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var gateway in _gateways)
        {
            await gateway.DisposeAsync();
        }

        await Redis.DisposeAsync();
        _http.Dispose();
    }
}
