using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SyncKairos.Gateway.Tests.Infrastructure;

/// <summary>Builds create bodies for fresh sessions and calls the REST API the way a client would.</summary>
public static class TestSessions
{
    public static string NewId() => Guid.NewGuid().ToString();

    public static JsonObject CreateBody(string sessionId, int participants = 2, long timeMs = 60_000, string mode = "per_participant")
    {
        var list = new JsonArray();
        for (var i = 0; i < participants; i++)
        {
            list.Add(new JsonObject
            {
                ["participant_id"] = NewId(),
                ["participant_index"] = i,
                ["total_time_ms"] = timeMs,
            });
        }

        return new JsonObject
        {
            ["session_id"] = sessionId,
            ["sync_mode"] = mode,
            ["total_time_ms"] = timeMs * participants,
            ["participants"] = list,
        };
    }

    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    public static async Task<JsonElement> CreateAsync(HttpClient client, string sessionId, int participants = 2, long timeMs = 60_000)
    {
        using var response = await client.PostAsync("/v1/sessions", Json(CreateBody(sessionId, participants, timeMs)), TestContext.Current.CancellationToken);
        return await DataAsync(response, 201);
    }

    public static async Task<JsonElement> PostAsync(HttpClient client, string path, int expectedStatus = 200)
    {
        using var response = await client.PostAsync(path, null, TestContext.Current.CancellationToken);
        return await DataAsync(response, expectedStatus);
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, string path, int expectedStatus = 200)
    {
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        return await DataAsync(response, expectedStatus);
    }

    /// <summary>Asserts the status and returns <c>data</c> (or the whole body when there is no data envelope).</summary>
    public static async Task<JsonElement> DataAsync(HttpResponseMessage response, int expectedStatus)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True((int)response.StatusCode == expectedStatus, $"expected {expectedStatus}, got {(int)response.StatusCode}: {text}");
        var root = JsonDocument.Parse(text).RootElement;
        return root.TryGetProperty("data", out var data) ? data : root;
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

    /// <summary>
    /// A command through a cluster that may be failing over: after a silo dies, commands for the sessions it hosted
    /// answer 503 until the cluster declares it dead (a few seconds, more on a loaded machine). Retries 503s until
    /// <paramref name="deadline"/> (15 s by default), with <c>request_id</c> on switches so that a retry of a switch
    /// that did commit returns its first result instead of switching twice.
    /// </summary>
    public static async Task<JsonElement> PostThroughFailoverAsync(HttpClient client, string path, TimeSpan? deadline = null)
    {
        var body = path.EndsWith("/switch", StringComparison.Ordinal) ? new JsonObject { ["request_id"] = NewId() } : null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var limit = deadline ?? TimeSpan.FromSeconds(15);
        while (true)
        {
            using var response = await client.PostAsync(path, body is null ? null : Json(body), TestContext.Current.CancellationToken);
            if (response.StatusCode != System.Net.HttpStatusCode.ServiceUnavailable || clock.Elapsed > limit)
            {
                return await DataAsync(response, 200);
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }
}
