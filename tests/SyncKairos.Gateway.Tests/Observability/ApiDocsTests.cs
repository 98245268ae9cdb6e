using System.Net;
using System.Text.Json;
using SyncKairos.Gateway.Tests.Infrastructure;

namespace SyncKairos.Gateway.Tests.Observability;

/// <summary>GET /api-docs.json is an OpenAPI 3 document listing every route of docs/API.md with its responses.</summary>
public sealed class ApiDocsTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = gateway.CreateClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, int[]> Routes() => new()
    {
        { "post", "/v1/sessions", [201, 400, 409, 429, 503] },
        { "post", "/v1/sessions/{id}/start", [200, 400, 404, 429, 503] },
        { "post", "/v1/sessions/{id}/switch", [200, 400, 404, 409, 429, 503] },
        { "get", "/v1/sessions/{id}", [200, 404, 503] },
        { "post", "/v1/sessions/{id}/pause", [200, 400, 404] },
        { "post", "/v1/sessions/{id}/resume", [200, 400, 404] },
        { "post", "/v1/sessions/{id}/complete", [200, 400, 404] },
        { "delete", "/v1/sessions/{id}", [204, 503] },
        { "get", "/v1/time", [200] },
        { "get", "/v1/sessions/{id}/events", [200, 400, 404] },
        { "get", "/health", [200] },
        { "get", "/ready", [200] },
        { "get", "/metrics", [200] },
        { "get", "/api-docs.json", [200] },
        { "get", "/api-docs/", [200] },
        { "get", "/dashboard/", [200] },
        { "get", "/ws", [101] },
    };

    private async Task<JsonElement> DocumentAsync()
    {
        using var response = await _client.GetAsync("/api-docs.json", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task DocumentListsTheRouteWithItsResponses(string method, string path, int[] statuses)
    {
        var document = await DocumentAsync();
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.True(document.GetProperty("paths").TryGetProperty(path, out var item), $"{path} missing; paths: {document.GetProperty("paths")}");
        Assert.True(item.TryGetProperty(method, out var operation), $"{method.ToUpperInvariant()} {path} missing");
        var responses = operation.GetProperty("responses");
        foreach (var status in statuses)
        {
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(responses.TryGetProperty(key, out var response), $"{method} {path} lacks {key}: {responses}");
            if (status >= 400)
            {
                var media = response.GetProperty("content").GetProperty("application/json");
                Assert.True(media.TryGetProperty("schema", out _));
                Assert.False(string.IsNullOrEmpty(media.GetProperty("example").GetProperty("error").GetProperty("code").GetString()));
            }
        }
    }

    [Fact]
    public async Task SchemasUseTheWireNames()
    {
        var text = (await DocumentAsync()).GetRawText();
        foreach (var name in new[] { "session_id", "active_participant_id", "time_remaining_ms", "expected_active_participant_id", "sync_mode" })
        {
            Assert.Contains($"\"{name}\"", text, StringComparison.Ordinal);
        }

        var switchBody = (await DocumentAsync()).GetProperty("paths").GetProperty("/v1/sessions/{id}/switch").GetProperty("post").GetProperty("requestBody");
        Assert.True(switchBody.GetProperty("content").TryGetProperty("application/json", out _));
    }

    [Fact]
    public async Task ExplorerPageIsServedLocally()
    {
        using var response = await _client.GetAsync("/api-docs/", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("swagger-ui", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("://cdn", html, StringComparison.OrdinalIgnoreCase);
        using var script = await _client.GetAsync("/api-docs/swagger-ui-bundle.js", Ct);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }
}
