using SyncKairos.Grains.Abstractions;
using static SyncKairos.Redis.Tests.Sessions.Sessions;

namespace SyncKairos.Redis.Tests.Sessions;

public abstract partial class SessionStoreTests<TFixture>
{
    [Fact]
    public async Task Of_100_concurrent_guarded_switches_exactly_one_wins()
    {
        var (id, p) = await CreateAsync();
        await Store.StartAsync(id, T0, Ct);
        var guard = new SwitchRequest { ExpectedActiveParticipantId = p[0] };
        var attempts = Enumerable.Range(0, 100).Select(async i =>
        {
            try
            {
                await Store.SwitchAsync(id, guard, T0 + 1000 + i, Ct);
                return true;
            }
            catch (SessionException ex) when (ex.Code == ErrorCodes.NOT_ACTIVE_PARTICIPANT)
            {
                Assert.Equal(409, ex.HttpStatus);
                return false;
            }
        });
        var results = await Task.WhenAll(attempts);
        Assert.Equal(1, results.Count(r => r));
        var state = (await Store.GetAsync(id, Ct))!;
        Assert.Equal(3, state.Version);
        Assert.Equal(p[1], state.ActiveParticipantId);
        Assert.Equal(3, (await AuditEventsAsync()).Count);
    }

    [Fact]
    public async Task Of_1000_concurrent_mixed_commands_each_success_is_one_version_and_one_audit_event()
    {
        var (id, _) = await CreateAsync(participants: 4);
        await Store.StartAsync(id, T0, Ct);
        var commands = Enumerable.Range(0, 1000).Select(async i =>
        {
            var now = T0 + 1000 + i;
            try
            {
                switch (i % 5)
                {
                    case 0:
                        await Store.PauseAsync(id, now, Ct);
                        break;
                    case 1:
                        await Store.ResumeAsync(id, now, Ct);
                        break;
                    case 4:
                        await Store.GetAsync(id, Ct);
                        return 0;
                    default:
                        await Store.SwitchAsync(id, new SwitchRequest(), now, Ct);
                        break;
                }

                return 1;
            }
            catch (SessionException ex) when (ex.Code == ErrorCodes.INVALID_STATE_TRANSITION)
            {
                return 0;
            }
        });
        var successes = (await Task.WhenAll(commands)).Sum();
        Assert.True(successes > 0);
        var state = (await Store.GetAsync(id, Ct))!;
        Assert.Equal(2 + successes, state.Version);
        var events = await AuditEventsAsync();
        Assert.Equal(
            Enumerable.Range(1, (int)state.Version).Select(v => (long)v),
            events.Select(e => e.GetProperty("version").GetInt64()));
        Assert.All(events, e => Assert.Equal($"{id}:{e.GetProperty("version").GetInt64()}", e.GetProperty("event_id").GetString()));
        var used = state.Participants.Sum(x => x.TimeUsedMs);
        Assert.InRange(used, 0, state.UpdatedAt - T0);
    }

    [Fact]
    public async Task A_repeated_request_id_returns_the_first_result_and_switches_once()
    {
        var (id, p) = await CreateAsync(participants: 3);
        await Store.StartAsync(id, T0, Ct);
        var request = new SwitchRequest { RequestId = "press-1" };
        var first = await Store.SwitchAsync(id, request, T0 + 1000, Ct);
        var second = await Store.SwitchAsync(id, request, T0 + 2000, Ct);
        Assert.Equal(3, first.State.Version);
        Assert.Equal(first.State.Version, second.State.Version);
        Assert.Equal(first.State.ToJson(), second.State.ToJson());
        Assert.Equal(p[1], (await Store.GetAsync(id, Ct))!.ActiveParticipantId);
        Assert.Equal(3, (await AuditEventsAsync()).Count);

        var ttl = (await Fixture.Redis.ExecuteAsync("PTTL", [Store.Keys.Request(id, "press-1")], Ct)).AsInt64();
        Assert.InRange(ttl, 300_000, 600_000);

        var other = await Store.SwitchAsync(id, new SwitchRequest { RequestId = "press-2" }, T0 + 3000, Ct);
        Assert.Equal(4, other.State.Version);
        Assert.Equal(p[2], other.State.ActiveParticipantId);

        // An empty request_id is no idempotency key: both presses switch.
        await Store.SwitchAsync(id, new SwitchRequest { RequestId = "" }, T0 + 4000, Ct);
        Assert.Equal(6, (await Store.SwitchAsync(id, new SwitchRequest { RequestId = "" }, T0 + 5000, Ct)).State.Version);
    }

    [Fact]
    public async Task Concurrent_repeats_of_one_request_id_switch_once()
    {
        var (id, _) = await CreateAsync(participants: 3);
        await Store.StartAsync(id, T0, Ct);
        var request = new SwitchRequest { RequestId = Guid.NewGuid().ToString("N") };
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Store.SwitchAsync(id, request, T0 + 1000 + i, Ct)));
        Assert.All(outcomes, o => Assert.Equal(3, o.State.Version));
        Assert.Equal(3, (await Store.GetAsync(id, Ct))!.Version);
    }
}
