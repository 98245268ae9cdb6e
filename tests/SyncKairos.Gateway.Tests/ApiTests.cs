using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SyncKairos.Gateway.Tests.Infrastructure;
using static SyncKairos.Gateway.Tests.Infrastructure.TestSessions;

namespace SyncKairos.Gateway.Tests;

/// <summary>Every REST route and error of docs/API.md, through a real HTTP client against a real Redis.</summary>
public sealed partial class ApiTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = gateway.CreateClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex IsoMillisZ();

    [Fact]
    public async Task CreateReturns201WithPendingStateAndNullVersusAbsentRules()
    {
        var id = NewId();
        var state = await CreateAsync(_client, id);

        Assert.Equal(id, state.GetProperty("session_id").GetString());
        Assert.Equal("pending", state.GetProperty("status").GetString());
        Assert.Equal(1, state.GetProperty("version").GetInt64());
        foreach (var always in new[] { "time_per_cycle_ms", "cycle_started_at", "session_started_at", "session_completed_at", "active_participant_id" })
        {
            Assert.Equal(JsonValueKind.Null, state.GetProperty(always).ValueKind);
        }

        Assert.False(state.TryGetProperty("max_time_ms", out _));
        Assert.False(state.GetProperty("participants")[0].TryGetProperty("group_id", out _));
        Assert.Equal(0, state.GetProperty("increment_ms").GetInt64());
        Assert.Matches(IsoMillisZ(), state.GetProperty("created_at").GetString());
        Assert.Matches(IsoMillisZ(), state.GetProperty("updated_at").GetString());
    }

    [Fact]
    public async Task CreateWithExistingIdIs409()
    {
        var id = NewId();
        await CreateAsync(_client, id);
        using var response = await _client.PostAsync("/v1/sessions", Json(CreateBody(id)), Ct);
        await AssertErrorAsync(response, HttpStatusCode.Conflict, "SESSION_ALREADY_EXISTS");
    }

    [Fact]
    public async Task CreateWithBadFieldsIs400WithDetails()
    {
        var body = CreateBody(NewId());
        body["participants"]![0]!["total_time_ms"] = 5;
        using var response = await _client.PostAsync("/v1/sessions", Json(body), Ct);
        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal("Request validation failed", error.GetProperty("message").GetString());
        var detail = Assert.Single(error.GetProperty("details").EnumerateArray());
        Assert.Equal("participants.0.total_time_ms", detail.GetProperty("field").GetString());
        Assert.False(string.IsNullOrEmpty(detail.GetProperty("message").GetString()));
        Assert.False(string.IsNullOrEmpty(detail.GetProperty("code").GetString()));
    }

    [Theory]
    [InlineData("{\"session_id\": ", "application/json")]
    [InlineData("[1,2]", "application/json")]
    [InlineData("null", "application/json")]
    [InlineData("{\"total_time_ms\": \"soon\"}", "application/json")]
    [InlineData("{}", "text/plain")]
    [InlineData("session_id=x", "application/x-www-form-urlencoded")]
    public async Task MalformedBodiesAndWrongContentTypesAre400NotServerErrors(string body, string contentType)
    {
        using var content = new StringContent(body, Encoding.UTF8, contentType);
        using var response = await _client.PostAsync("/v1/sessions", content, Ct);
        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(JsonValueKind.Array, error.GetProperty("details").ValueKind);
    }

    [Fact]
    public async Task BodyOverOneMebibyteIs400()
    {
        var body = CreateBody(NewId());
        body["metadata"] = new JsonObject { ["pad"] = new string('x', 1024 * 1024) };
        using var response = await _client.PostAsync("/v1/sessions", Json(body), Ct);
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task StartRunsTheFirstParticipantAndStartingAgainNamesTheCurrentStatus()
    {
        var id = NewId();
        var created = await CreateAsync(_client, id);
        var state = await PostAsync(_client, $"/v1/sessions/{id}/start");
        Assert.Equal("running", state.GetProperty("status").GetString());
        Assert.Equal(2, state.GetProperty("version").GetInt64());
        Assert.Equal(created.GetProperty("participants")[0].GetProperty("participant_id").GetString(), state.GetProperty("active_participant_id").GetString());
        Assert.Matches(IsoMillisZ(), state.GetProperty("cycle_started_at").GetString());
        Assert.Matches(IsoMillisZ(), state.GetProperty("deadline_at").GetString());

        using var again = await _client.PostAsync($"/v1/sessions/{id}/start", null, Ct);
        var error = await AssertErrorAsync(again, HttpStatusCode.BadRequest, "INVALID_STATE_TRANSITION");
        Assert.Equal($"Session {id} cannot be started (current status: running)", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task SwitchReturnsSwitchResultWithoutExpiredParticipant()
    {
        var id = NewId();
        var created = await CreateAsync(_client, id);
        await PostAsync(_client, $"/v1/sessions/{id}/start");
        var result = await PostAsync(_client, $"/v1/sessions/{id}/switch");

        Assert.Equal(id, result.GetProperty("session_id").GetString());
        Assert.Equal(created.GetProperty("participants")[1].GetProperty("participant_id").GetString(), result.GetProperty("active_participant_id").GetString());
        Assert.Equal("running", result.GetProperty("status").GetString());
        Assert.Equal(3, result.GetProperty("version").GetInt64());
        Assert.Matches(IsoMillisZ(), result.GetProperty("cycle_started_at").GetString());
        Assert.Equal(2, result.GetProperty("participants").GetArrayLength());
        Assert.False(result.TryGetProperty("expired_participant_id", out _));
    }

    [Fact]
    public async Task SwitchGuardsAndUnknownNextParticipant()
    {
        var id = NewId();
        var created = await CreateAsync(_client, id);
        await PostAsync(_client, $"/v1/sessions/{id}/start");
        var second = created.GetProperty("participants")[1].GetProperty("participant_id").GetString();

        using var guarded = await _client.PostAsync(
            $"/v1/sessions/{id}/switch", Json(new JsonObject { ["expected_active_participant_id"] = second }), Ct);
        await AssertErrorAsync(guarded, HttpStatusCode.Conflict, "NOT_ACTIVE_PARTICIPANT");

        using var unknown = await _client.PostAsync(
            $"/v1/sessions/{id}/switch", Json(new JsonObject { ["next_participant_id"] = NewId() }), Ct);
        await AssertErrorAsync(unknown, HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        var state = await GetAsync(_client, $"/v1/sessions/{id}");
        Assert.Equal(2, state.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task SwitchWithRequestIdIsAppliedOnce()
    {
        var id = NewId();
        await CreateAsync(_client, id);
        await PostAsync(_client, $"/v1/sessions/{id}/start");
        var body = new JsonObject { ["request_id"] = "press-1" };
        using var first = await _client.PostAsync($"/v1/sessions/{id}/switch", Json(body), Ct);
        using var second = await _client.PostAsync($"/v1/sessions/{id}/switch", Json(body), Ct);
        var a = await DataAsync(first, 200);
        var b = await DataAsync(second, 200);
        Assert.Equal(a.GetProperty("version").GetInt64(), b.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task GetCalculatesTimesAndUnknownSessionIs404()
    {
        var id = NewId();
        await CreateAsync(_client, id);
        var state = await GetAsync(_client, $"/v1/sessions/{id}");
        Assert.Equal(id, state.GetProperty("session_id").GetString());

        var missing = NewId();
        using var response = await _client.GetAsync($"/v1/sessions/{missing}", Ct);
        var error = await AssertErrorAsync(response, HttpStatusCode.NotFound, "SESSION_NOT_FOUND");
        Assert.Equal($"Session {missing} not found", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task PauseResumeCompleteAndTheirInvalidTransitions()
    {
        var id = NewId();
        await CreateAsync(_client, id);

        using (var notRunning = await _client.PostAsync($"/v1/sessions/{id}/pause", null, Ct))
        {
            var error = await AssertErrorAsync(notRunning, HttpStatusCode.BadRequest, "INVALID_STATE_TRANSITION");
            Assert.Contains("(current status: pending)", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        await PostAsync(_client, $"/v1/sessions/{id}/start");
        var paused = await PostAsync(_client, $"/v1/sessions/{id}/pause");
        Assert.Equal("paused", paused.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, paused.GetProperty("cycle_started_at").ValueKind);
        Assert.Equal(3, paused.GetProperty("version").GetInt64());

        var resumed = await PostAsync(_client, $"/v1/sessions/{id}/resume");
        Assert.Equal("running", resumed.GetProperty("status").GetString());

        using (var notPaused = await _client.PostAsync($"/v1/sessions/{id}/resume", null, Ct))
        {
            await AssertErrorAsync(notPaused, HttpStatusCode.BadRequest, "INVALID_STATE_TRANSITION");
        }

        var completed = await PostAsync(_client, $"/v1/sessions/{id}/complete");
        Assert.Equal("completed", completed.GetProperty("status").GetString());
        Assert.Matches(IsoMillisZ(), completed.GetProperty("session_completed_at").GetString());
        var again = await PostAsync(_client, $"/v1/sessions/{id}/complete");
        Assert.Equal(completed.GetProperty("version").GetInt64(), again.GetProperty("version").GetInt64());
    }

    [Theory]
    [InlineData("start")]
    [InlineData("switch")]
    [InlineData("pause")]
    [InlineData("resume")]
    [InlineData("complete")]
    public async Task TransitionsOfUnknownSessionsAre404(string command)
    {
        var id = NewId();
        using var response = await _client.PostAsync($"/v1/sessions/{id}/{command}", null, Ct);
        await AssertErrorAsync(response, HttpStatusCode.NotFound, "SESSION_NOT_FOUND");
    }

    [Fact]
    public async Task DeleteIs204WithEmptyBodyAlsoWhenMissing()
    {
        var id = NewId();
        await CreateAsync(_client, id);
        using var deleted = await _client.DeleteAsync($"/v1/sessions/{id}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await deleted.Content.ReadAsByteArrayAsync(Ct));
        using var gone = await _client.GetAsync($"/v1/sessions/{id}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        using var again = await _client.DeleteAsync($"/v1/sessions/{id}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/nope")]
    [InlineData("GET", "/v1/sessions")]
    [InlineData("PUT", "/v1/time")]
    [InlineData("GET", "/v1/things/style.css")]
    public async Task UnknownRoutesAre404NotFoundEnvelopes(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        using var response = await _client.SendAsync(request, Ct);
        await AssertErrorAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task TimeHealthAndReady()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var time = await GetAsync(_client, "/v1/time");
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.InRange(time.GetProperty("timestamp_ms").GetInt64(), before, after);
        Assert.Equal("2.0.0", time.GetProperty("server_version").GetString());
        Assert.Equal(50, time.GetProperty("drift_tolerance_ms").GetInt32());

        using var health = await _client.GetAsync("/health", Ct);
        Assert.Equal("{\"status\":\"ok\"}", await health.Content.ReadAsStringAsync(Ct));
        using var ready = await _client.GetAsync("/ready", Ct);
        Assert.Equal("{\"status\":\"ready\"}", await ready.Content.ReadAsStringAsync(Ct));
    }

    internal static async Task<JsonElement> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        var error = JsonDocument.Parse(text).RootElement.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        return error.Clone();
    }
}
