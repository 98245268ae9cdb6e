using System.Text.Json;
using System.Text.Json.Nodes;
using SyncKairos.Grains.Abstractions;
using static SyncKairos.Redis.Tests.Sessions.Sessions;

namespace SyncKairos.Redis.Tests.Sessions;

public abstract partial class SessionStoreTests<TFixture>
{
    [Fact]
    public async Task Session_ids_are_case_insensitive_and_echoed_as_created()
    {
        var request = Request(SyncModes.PerParticipant, Ids(2));
        request.SessionId = request.SessionId!.ToUpperInvariant();
        var id = request.SessionId;
        await Store.CreateAsync(request, T0, Ct);
        var lower = id.ToLowerInvariant();
        Assert.Equal(id, (await Store.GetAsync(lower, Ct))!.SessionId);
        await Store.StartAsync(lower, T0, Ct);
        Assert.Equal([lower], await Store.DueSessionsAsync(0, T0 + 60_000, 10, Ct));
        await Store.SwitchAsync(id, new SwitchRequest(), T0 + 10, Ct);
        Assert.Equal([lower], await Store.DueSessionsAsync(0, T0 + 60_010, 10, Ct));

        var again = Request(SyncModes.Global, Ids(1));
        again.SessionId = lower;
        await FailsAsync(ErrorCodes.SESSION_ALREADY_EXISTS, () => Store.CreateAsync(again, T0, Ct));
        Assert.All(await AuditEventsAsync(), e => Assert.Equal(id, e.GetProperty("session_id").GetString()));
        Assert.Equal(Store.ChannelFor(id), Store.ChannelFor(lower));
        Assert.True(await Store.DeleteAsync(lower, T0 + 20, Ct));
        Assert.Null(await Store.GetAsync(id, Ct));
    }

    [Fact]
    public async Task A_deadline_left_behind_by_a_vanished_state_is_cleaned_up_by_expire()
    {
        var (id, _) = await CreateAsync(budget: 1000);
        await Store.StartAsync(id, T0, Ct);
        await Fixture.Redis.ExecuteAsync("DEL", [Store.Keys.State(id)], Ct);
        Assert.Equal([id], await Store.DueSessionsAsync(0, T0 + 1000, 10, Ct));
        Assert.Null(await Store.ExpireAsync(id, T0 + 1000, Ct));
        Assert.Empty(await Store.DueSessionsAsync(0, T0 + 1000, 10, Ct));
    }

    [Fact]
    public async Task An_expire_before_the_deadline_repairs_the_deadline_entry()
    {
        var (id, _) = await CreateAsync();
        await Store.StartAsync(id, T0, Ct);
        await Fixture.Redis.ExecuteAsync("ZADD", [Store.DeadlinesKey(0), T0, id], Ct);
        Assert.Null(await Store.ExpireAsync(id, T0 + 5, Ct));
        var entry = Assert.Single(await Store.DueEntriesAsync(0, T0 + 60_000, 10, Ct));
        Assert.Equal(T0 + 60_000, entry.DeadlineMs);
    }

    [Theory]
    [InlineData(SyncModes.PerParticipant)]
    [InlineData(SyncModes.PerCycle)]
    [InlineData(SyncModes.PerGroup)]
    [InlineData(SyncModes.Global)]
    [InlineData(SyncModes.CountUp)]
    public async Task Script_written_state_round_trips_through_the_model_without_loss(string mode)
    {
        var ids = Ids(3);
        var request = Request(mode, ids, groups: [NewId(), NewId(), NewId()]);
        request.MaxTimeMs = 50_000;
        request.DelayMs = 250;
        request.IncrementMs = 100;
        request.Metadata = JsonDocument.Parse("""{"a":[],"b":{"c":1.5e300},"d":"x/y\u00e9"}""").RootElement;
        var id = (await Store.CreateAsync(request, T0, Ct)).SessionId;
        await Store.StartAsync(id, T0, Ct);
        await Store.SwitchAsync(id, new SwitchRequest(), T0 + 1234, Ct);
        await Store.PauseAsync(id, T0 + 2345, Ct);

        var raw = (await Fixture.Redis.ExecuteAsync("GET", [Store.Keys.State(id)], Ct)).AsString()!;
        var decoded = SessionState.FromJson(raw);
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(raw), JsonNode.Parse(decoded.ToJson())),
            $"stored: {raw}\nmodel:  {decoded.ToJson()}");
        Assert.Equal("""{"a":[],"b":{"c":1.5e300},"d":"x/y\u00e9"}""", decoded.MetadataJson);
    }

    [Fact]
    public async Task A_session_at_the_size_limits_works_end_to_end()
    {
        var ids = Ids(1000);
        var request = Request(SyncModes.PerParticipant, ids, budget: Limits.MaxBudgetMs);
        request.Metadata = JsonDocument.Parse($$"""{"k":"{{new string('m', 4000)}}"}""").RootElement;
        var id = (await Store.CreateAsync(request, T0, Ct)).SessionId;
        await Store.StartAsync(id, T0, Ct);
        var outcome = await Store.SwitchAsync(id, new SwitchRequest { NextParticipantId = ids[999] }, T0 + 86_399_999, Ct);
        Assert.Equal(1, outcome.State.Participant(ids[0]).TotalTimeMs);
        Assert.Equal(ids[999], outcome.State.ActiveParticipantId);
        Assert.Equal(T0 + 86_399_999 + Limits.MaxBudgetMs, outcome.State.DeadlineAt);
        Assert.Equal(1000, outcome.State.Participants.Count);
        Assert.Equal(4008, outcome.State.MetadataJson!.Length);
    }
}
