using System.Globalization;
using System.Text.Json;
using SyncKairos.Gateway.Tests.Infrastructure;
using static SyncKairos.Gateway.Tests.Infrastructure.TestSessions;

namespace SyncKairos.Gateway.Tests;

/// <summary>
/// Issue 16, item 1 (API.md, complete): after completing, nobody is active and no cycle runs, the completion
/// time is set and the running clock was charged up to it, as v2 clients expect. REST and WebSocket push here;
/// gRPC in Grpc/Sessions/GrpcCompleteTests and the Node peer.
/// </summary>
public sealed class CompleteTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = gateway.CreateClient();

    [Fact]
    public async Task CompletingARunningSessionStopsEveryClockAndChargesTheActiveOne()
    {
        var id = NewId();
        await CreateAsync(_client, id);
        await using var ws = await WsClient.ConnectAsync(gateway.BaseAddress, id);
        await ws.WaitForAsync("STATE_SYNC");
        await PostAsync(_client, $"/v1/sessions/{id}/start");
        var switched = await PostAsync(_client, $"/v1/sessions/{id}/switch");
        var active = switched.GetProperty("active_participant_id").GetString()!;

        // Let the second participant's clock run long enough that an uncharged completion would show.
        await Task.Delay(TimeSpan.FromMilliseconds(30), TestContext.Current.CancellationToken);
        var completed = await PostAsync(_client, $"/v1/sessions/{id}/complete");

        AssertNoActiveClock(completed);
        var charged = Participant(completed, active);
        var elapsed = Millis(completed, "session_completed_at") - IsoMillis(switched.GetProperty("cycle_started_at").GetString()!);
        Assert.True(elapsed >= 30, $"server time moved only {elapsed} ms");
        Assert.Equal(elapsed, charged.GetProperty("time_used_ms").GetInt64());
        Assert.Equal(60_000 - elapsed, charged.GetProperty("total_time_ms").GetInt64());
        Assert.Equal(60_000 - elapsed, charged.GetProperty("time_remaining_ms").GetInt64());

        var pushed = (await ws.WaitForAsync("STATE_UPDATE", where: m => m.GetProperty("state").GetProperty("status").GetString() == "completed")).Json.GetProperty("state");
        AssertNoActiveClock(pushed);
        Assert.Equal(completed.GetProperty("version").GetInt64(), pushed.GetProperty("version").GetInt64());
        Assert.Equal(elapsed, Participant(pushed, active).GetProperty("time_used_ms").GetInt64());

        var read = await GetAsync(_client, $"/v1/sessions/{id}");
        AssertNoActiveClock(read);
        Assert.Equal(elapsed, Participant(read, active).GetProperty("time_used_ms").GetInt64());

        var again = await PostAsync(_client, $"/v1/sessions/{id}/complete");
        Assert.Equal(completed.GetProperty("version").GetInt64(), again.GetProperty("version").GetInt64());
        Assert.Equal(completed.GetProperty("session_completed_at").GetString(), again.GetProperty("session_completed_at").GetString());
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("paused")]
    public async Task CompletingAStoppedSessionChargesNothingMore(string from)
    {
        var id = NewId();
        await CreateAsync(_client, id);
        var before = await GetAsync(_client, $"/v1/sessions/{id}");
        if (from == "paused")
        {
            await PostAsync(_client, $"/v1/sessions/{id}/start");
            before = await PostAsync(_client, $"/v1/sessions/{id}/pause");
        }

        await using var ws = await WsClient.ConnectAsync(gateway.BaseAddress, id);
        await ws.WaitForAsync("STATE_SYNC");
        await Task.Delay(TimeSpan.FromMilliseconds(20), TestContext.Current.CancellationToken);
        var completed = await PostAsync(_client, $"/v1/sessions/{id}/complete");

        AssertNoActiveClock(completed);
        foreach (var p in before.GetProperty("participants").EnumerateArray())
        {
            var after = Participant(completed, p.GetProperty("participant_id").GetString()!);
            Assert.Equal(p.GetProperty("time_used_ms").GetInt64(), after.GetProperty("time_used_ms").GetInt64());
            Assert.Equal(p.GetProperty("total_time_ms").GetInt64(), after.GetProperty("time_remaining_ms").GetInt64());
        }

        AssertNoActiveClock((await ws.WaitForAsync("STATE_UPDATE")).Json.GetProperty("state"));
    }

    internal static void AssertNoActiveClock(JsonElement state)
    {
        Assert.Equal("completed", state.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, state.GetProperty("active_participant_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, state.GetProperty("cycle_started_at").ValueKind);
        Assert.Equal(JsonValueKind.Null, state.GetProperty("deadline_at").ValueKind);
        Assert.Equal(JsonValueKind.String, state.GetProperty("session_completed_at").ValueKind);
        Assert.All(state.GetProperty("participants").EnumerateArray(), p => Assert.False(p.GetProperty("is_active").GetBoolean()));
    }

    private static JsonElement Participant(JsonElement state, string id) =>
        state.GetProperty("participants").EnumerateArray().Single(p => p.GetProperty("participant_id").GetString() == id);

    private static long Millis(JsonElement state, string field) => IsoMillis(state.GetProperty(field).GetString()!);

    private static long IsoMillis(string iso) =>
        DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUnixTimeMilliseconds();
}
