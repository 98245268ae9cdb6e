using System.Text.Json;
using SyncKairos.Gateway.Tests.Infrastructure;
using static SyncKairos.Gateway.Tests.Infrastructure.TestSessions;

namespace SyncKairos.Gateway.Tests.Observability;

/// <summary>Two gateway processes on one Redis form one Orleans cluster and see each other in GET /v1/cluster.</summary>
public sealed class ClusterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BothInstancesAppearWithTotalsAndADeadOneDisappears()
    {
        // Its own Redis: the membership is store-wide, and other tests' gateways would join the cluster.
        await using var redis = await SyncKairos.Testing.RedisServerProcess.StartAsync(SyncKairos.Testing.ServerKind.Redis);
        var settings = new Dictionary<string, string>
        {
            ["SyncKairos:Redis:ConnectionString"] = redis.Endpoint,

            // Test gateways are clusters of their own unless they name one.
            ["SyncKairos:Silo:ClusterId"] = "cluster-tests",
        };
        await using var a = await GatewayProcess.StartAsync(new Dictionary<string, string>(settings) { ["SyncKairos:Cluster:InstanceId"] = "gw-a" }, cancellationToken: TestContext.Current.CancellationToken);
        await using var b = await GatewayProcess.StartAsync(new Dictionary<string, string>(settings) { ["SyncKairos:Cluster:InstanceId"] = "gw-b" }, cancellationToken: TestContext.Current.CancellationToken);
        using var clientA = new HttpClient { BaseAddress = a.BaseAddress };
        using var clientB = new HttpClient { BaseAddress = b.BaseAddress };
        var id = NewId();
        await CreateAsync(clientA, id);
        await PostAsync(clientA, $"/v1/sessions/{id}/start");

        var cluster = await WaitForClusterAsync(clientB, c => c.GetProperty("instances").GetArrayLength() == 2, "both instances listed");
        Assert.Equal("gw-b", cluster.GetProperty("self").GetString());
        var ids = cluster.GetProperty("instances").EnumerateArray().Select(i => i.GetProperty("instance_id").GetString()).ToList();
        Assert.Equal(["gw-a", "gw-b"], ids);
        foreach (var instance in cluster.GetProperty("instances").EnumerateArray())
        {
            Assert.False(string.IsNullOrEmpty(instance.GetProperty("version").GetString()));
            Assert.True(instance.GetProperty("uptime_s").GetDouble() >= 0);
            Assert.True(instance.TryGetProperty("switches_per_second", out _));
            Assert.True(instance.TryGetProperty("switch_p99_ms", out _));
            Assert.True(instance.TryGetProperty("connections", out _));
        }

        var totals = cluster.GetProperty("totals");
        Assert.Equal(2, totals.GetProperty("instances").GetInt32());
        Assert.Equal(1, totals.GetProperty("running_sessions").GetInt64());
        Assert.True(totals.TryGetProperty("audit_queue_size", out _));
        Assert.True(totals.TryGetProperty("audit_lag_ms", out _));
        await WaitForClusterAsync(clientB, c => c.GetProperty("totals").GetProperty("live_sessions").GetInt64() == 1, "one live session counted");

        await a.KillAsync(TestContext.Current.CancellationToken);
        // Left out at once (it does not answer), and then declared dead by the cluster.
        await WaitForClusterAsync(clientB, c => c.GetProperty("instances").GetArrayLength() == 1, "the killed instance gone");
    }

    private static async Task<JsonElement> WaitForClusterAsync(HttpClient client, Func<JsonElement, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            // Each GET asks the members afresh; the condition is met once membership has caught up.
            last = await GetAsync(client, "/v1/cluster");
            if (condition(last))
            {
                return last;
            }

            await Task.Delay(100, Ct);
        }

        Assert.Fail($"expected {what} within 30 s; last /v1/cluster: {last}");
        return last;
    }
}
