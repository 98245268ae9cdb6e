using System.Net;
using SyncKairos.Gateway.Tests.Infrastructure;
using static SyncKairos.Gateway.Tests.Infrastructure.TestSessions;

namespace SyncKairos.Gateway.Tests.Observability;

/// <summary>GET /metrics after real traffic: parses strictly, has docs/API.md's names, types and labels, and moves.</summary>
public sealed class MetricsTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = gateway.CreateClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<IReadOnlyDictionary<string, PrometheusFamily>> ScrapeAsync()
    {
        using var response = await _client.GetAsync("/metrics", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
        return PrometheusTextParser.Parse(await response.Content.ReadAsStringAsync(Ct));
    }

    private async Task<string> RunSessionAsync(int switches)
    {
        var id = NewId();
        await CreateAsync(_client, id);
        await PostAsync(_client, $"/v1/sessions/{id}/start");
        for (var i = 0; i < switches; i++)
        {
            await PostAsync(_client, $"/v1/sessions/{id}/switch");
        }

        return id;
    }

    [Fact]
    public async Task ExpositionParsesStrictlyWithApiMdNamesTypesAndLabels()
    {
        var id = await RunSessionAsync(switches: 2);
        await GetAsync(_client, $"/v1/sessions/{NewId()}", expectedStatus: 404);
        await using (var ws = await WsClient.ConnectAsync(gateway.BaseAddress, id))
        {
            await ws.WaitForAsync("STATE_SYNC");
            var families = await ScrapeAsync();

            var expected = new Dictionary<string, (string Type, string[] Labels)>
            {
                ["synckairos_http_requests_total"] = ("counter", ["method", "route", "status_code"]),
                ["synckairos_http_request_duration_ms"] = ("histogram", ["method", "route"]),
                ["synckairos_switch_cycle_duration_ms"] = ("histogram", []),
                ["synckairos_active_sessions"] = ("gauge", []),
                ["synckairos_websocket_connections"] = ("gauge", []),
                ["synckairos_db_write_queue_size"] = ("gauge", []),
                ["synckairos_session_transitions_total"] = ("counter", ["command", "result"]),
                ["synckairos_ws_messages_sent_total"] = ("counter", []),
                ["synckairos_expiry_lag_ms"] = ("histogram", []),
                ["synckairos_audit_lag_ms"] = ("gauge", []),
                ["synckairos_audit_events_written_total"] = ("counter", []),
                ["synckairos_audit_dead_letters_total"] = ("counter", []),
                ["synckairos_redis_command_duration_ms"] = ("histogram", []),
            };
            foreach (var (name, (type, labels)) in expected)
            {
                Assert.True(families.TryGetValue(name, out var family), $"{name} missing from /metrics");
                Assert.Equal(type, family.Type);
                Assert.False(string.IsNullOrWhiteSpace(family.Help));
                foreach (var sample in family.Samples)
                {
                    Assert.Equal(labels.Order(StringComparer.Ordinal), sample.Labels.Keys.Where(k => k != "le").Order(StringComparer.Ordinal));
                }
            }

            Assert.True(families["synckairos_websocket_connections"].Total() >= 1);
            foreach (var name in new[] { "process_cpu_seconds_total", "process_working_set_bytes", "dotnet_gc_collections_total", "dotnet_gc_allocated_bytes_total", "dotnet_gc_pause_seconds_total", "dotnet_threadpool_queue_length", "synckairos_redis_outstanding_commands" })
            {
                Assert.True(families.ContainsKey(name), $"{name} missing from /metrics");
            }

            Assert.True(families["process_working_set_bytes"].Total() > 0);
            Assert.True(families["synckairos_redis_command_duration_ms"].Total() > 0);
        }
    }

    [Fact]
    public async Task RouteLabelsAreTemplatesAndOperationalRoutesAreNotCounted()
    {
        var id = await RunSessionAsync(switches: 1);
        foreach (var path in new[] { "/health", "/ready", "/metrics.json", "/v1/cluster", "/api-docs.json", "/api-docs/", "/dashboard/", "/ws", "/v1/time", "/demo/", "/no/such/route" })
        {
            using var response = await _client.GetAsync(path, Ct);
        }

        var families = await ScrapeAsync();
        var routes = families["synckairos_http_requests_total"].Samples.Select(s => s.Labels["route"]).Distinct().ToList();

        Assert.Contains("/v1/sessions/{id}/switch", routes);
        Assert.Contains("/v1/sessions", routes);
        Assert.DoesNotContain(routes, r => r.Contains(id, StringComparison.OrdinalIgnoreCase));
        Assert.Contains("/v1/time", routes);
        Assert.Contains("/demo/{**path}", routes);
        Assert.Contains("unmatched", routes);
        string[] operational = ["/health", "/ready", "/metrics", "/metrics.json", "/v1/cluster", "/api-docs.json", "/api-docs/{**file}", "/dashboard", "/dashboard/{file}", "/ws"];
        Assert.Empty(routes.Intersect(operational));
    }

    [Fact]
    public async Task CountersMoveWhenSwitchesHappen()
    {
        await RunSessionAsync(switches: 1);
        var before = await ScrapeAsync();
        await RunSessionAsync(switches: 3);
        var after = await ScrapeAsync();

        double Delta(string name, params (string, string)[] labels) => after[name].Total(labels) - before[name].Total(labels);

        // The fixture's gateway is shared with the other tests of this class, which run one at a time.
        Assert.Equal(3, Delta("synckairos_http_requests_total", ("route", "/v1/sessions/{id}/switch"), ("status_code", "200"), ("method", "POST")));
        Assert.Equal(3, Delta("synckairos_session_transitions_total", ("command", "switch"), ("result", "ok")));
        Assert.Equal(1, Delta("synckairos_session_transitions_total", ("command", "start"), ("result", "ok")));
        Assert.Equal(3, Delta("synckairos_switch_cycle_duration_ms"));
        Assert.Equal(3, Delta("synckairos_http_request_duration_ms", ("route", "/v1/sessions/{id}/switch")));
        Assert.True(Delta("synckairos_redis_command_duration_ms") >= 5);
    }

    [Fact]
    public async Task RejectedSwitchesAreCountedAsRejected()
    {
        var before = await ScrapeAsync();
        var id = NewId();
        await CreateAsync(_client, id);
        await PostAsync(_client, $"/v1/sessions/{id}/switch", expectedStatus: 400);
        var after = await ScrapeAsync();

        var rejected = after["synckairos_session_transitions_total"].Total(("command", "switch"), ("result", "rejected"))
            - (before.TryGetValue("synckairos_session_transitions_total", out var b) ? b.Total(("command", "switch"), ("result", "rejected")) : 0);
        Assert.Equal(1, rejected);
    }
}
