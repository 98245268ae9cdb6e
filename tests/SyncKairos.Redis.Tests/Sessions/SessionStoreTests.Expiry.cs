using System.Collections.Concurrent;
using System.Text.Json;
using SyncKairos.Grains.Abstractions;
using SyncKairos.Redis.Client;
using SyncKairos.Redis.Sessions;
using static SyncKairos.Redis.Tests.Sessions.Sessions;

namespace SyncKairos.Redis.Tests.Sessions;

public abstract partial class SessionStoreTests<TFixture>
{
    private async Task<RedisSubscriber> SubscribeAsync(string channel, ConcurrentQueue<JsonElement> received, Action<JsonElement>? onMessage = null)
    {
        var subscriber = await RedisSubscriber.ConnectAsync(RedisOptions.Parse(Fixture.Server.Endpoint), null, Ct);
        await subscriber.SubscribeAsync(
            channel,
            (_, payload) =>
            {
                var message = JsonDocument.Parse(payload).RootElement.Clone();
                received.Enqueue(message);
                onMessage?.Invoke(message);
                return ValueTask.CompletedTask;
            },
            Ct);
        return subscriber;
    }

    [Fact]
    public async Task Every_committed_change_is_published_with_its_state_and_delete_with_its_version()
    {
        var ids = Ids(2);
        var request = Request(SyncModes.PerParticipant, ids);
        var received = new ConcurrentQueue<JsonElement>();
        var deleted = new TaskCompletionSource();
        await using var subscriber = await SubscribeAsync(Store.ChannelFor(request.SessionId!), received, m =>
        {
            if (m.GetProperty("type").GetString() == "deleted")
            {
                deleted.TrySetResult();
            }
        });

        var id = (await Store.CreateAsync(request, T0, Ct)).SessionId;
        await Store.StartAsync(id, T0, Ct);
        await Store.SwitchAsync(id, new SwitchRequest(), T0 + 10, Ct);
        await Store.CompleteAsync(id, T0 + 20, Ct);
        await Store.CompleteAsync(id, T0 + 30, Ct);
        await Store.DeleteAsync(id, T0 + 40, Ct);
        await deleted.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        var messages = received.ToArray();
        Assert.Equal(["state", "state", "state", "state", "deleted"], messages.Select(m => m.GetProperty("type").GetString()));
        Assert.Equal([1L, 2, 3, 4], messages.Take(4).Select(m => m.GetProperty("state").GetProperty("version").GetInt64()));
        var state = SessionState.FromJson(messages[2].GetProperty("state").GetRawText());
        Assert.Equal(ids[1], state.ActiveParticipantId);
        Assert.Equal(id, messages[4].GetProperty("session_id").GetString());
        Assert.Equal(5, messages[4].GetProperty("version").GetInt64());

        var parsed = messages.Select(m => SessionMessage.Parse(JsonSerializer.SerializeToUtf8Bytes(m))).ToArray();
        Assert.Equal([1L, 2, 3, 4, 5], parsed.Select(m => m.Version));
        Assert.All(parsed, m => Assert.Equal(id, m.SessionId));
        Assert.Equal([false, false, false, false, true], parsed.Select(m => m.IsDeleted));
        Assert.Equal(ids[1], parsed[2].State!.ActiveParticipantId);
        Assert.Throws<FormatException>(() => SessionMessage.Parse("{\"type\":\"other\"}"u8));
        Assert.Throws<FormatException>(() => SessionMessage.Parse("nope"u8));
    }

    [Fact]
    public async Task The_sweeper_expires_a_session_within_100_ms_of_its_deadline_and_publishes_it()
    {
        // The sweepers' clock is a fake one that moves in 5 ms steps, each taken only once both sweepers are idle
        // again: how late the expiry lands is then up to the sweepers' own schedule, not the machine's load.
        var time = new SleepCountingTimeProvider();
        var store = Fixture.NewStore(time);
        var request = Request(SyncModes.PerParticipant, Ids(2), budget: 1000);
        var received = new ConcurrentQueue<JsonElement>();
        var expired = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscriber = await SubscribeAsync(store.ChannelFor(request.SessionId!), received, m =>
        {
            if (m.GetProperty("state").GetProperty("status").GetString() == SessionStatuses.Expired)
            {
                expired.TrySetResult(m);
            }
        });

        using var sweeper1 = new ExpirySweeper(store, time);
        using var sweeper2 = new ExpirySweeper(new SessionStore(Fixture.Redis, store.Options, time), time);
        await sweeper1.StartAsync(Ct);
        await sweeper2.StartAsync(Ct);
        try
        {
            await BothSweepersIdleAsync(time);
            var now = store.NowMs;
            await store.CreateAsync(request, now - 900, Ct);
            var started = await store.StartAsync(request.SessionId!, now - 900, Ct);
            var deadline = started.DeadlineAt!.Value;

            var patience = System.Diagnostics.Stopwatch.StartNew();
            while (!expired.Task.IsCompleted && store.NowMs < deadline + 1000 && patience.Elapsed < TimeSpan.FromSeconds(30))
            {
                time.Advance(TimeSpan.FromMilliseconds(5));
                await BothSweepersIdleAsync(time);
            }

            var message = await expired.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
            var state = SessionState.FromJson(message.GetProperty("state").GetRawText());
            Assert.InRange(state.UpdatedAt - deadline, 0, 100);
            Assert.Equal(started.Version + 1, state.Version);
        }
        finally
        {
            await sweeper1.StopAsync(Ct);
            await sweeper2.StopAsync(Ct);
        }

        var events = await AuditEventsAsync(store);
        Assert.Single(events, e => e.GetProperty("event_type").GetString() == "session_expired");
    }

    /// <summary>Two sweepers have finished their pass and wait for the clock again.</summary>
    private static Task BothSweepersIdleAsync(SleepCountingTimeProvider time) =>
        time.WhenSleepingAsync(2).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

    [Fact]
    public async Task Two_sweepers_never_apply_an_expiry_twice()
    {
        var store = Fixture.NewStore(TimeProvider.System);
        await using var second = await RedisConnection.ConnectAsync(RedisOptions.Parse(Fixture.Server.Endpoint), null, Ct);
        var past = store.NowMs - 10_000;
        var ids = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            var request = Request(SyncModes.PerParticipant, Ids(2), budget: 1000);
            await store.CreateAsync(request, past, Ct);
            await store.StartAsync(request.SessionId!, past, Ct);
            ids.Add(request.SessionId!);
        }

        using var a = new ExpirySweeper(store, TimeProvider.System);
        using var b = new ExpirySweeper(new SessionStore(second, store.Options, TimeProvider.System), TimeProvider.System);
        var applied = 0;
        for (var round = 0; round < 5; round++)
        {
            var results = await Task.WhenAll(a.SweepOnceAsync(Ct), b.SweepOnceAsync(Ct), a.SweepOnceAsync(Ct), b.SweepOnceAsync(Ct));
            applied += results.Sum();
        }

        Assert.Equal(ids.Count, applied);
        var expiredEvents = (await AuditEventsAsync(store)).Where(e => e.GetProperty("event_type").GetString() == "session_expired").ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), expiredEvents.Select(e => e.GetProperty("session_id").GetString()!).Order(StringComparer.Ordinal));
        foreach (var id in ids)
        {
            Assert.Equal(SessionStatuses.Expired, (await store.GetAsync(id, Ct))!.Status);
        }

        Assert.Empty(await store.DueSessionsAsync(0, store.NowMs, 100, Ct));
    }

    [Fact]
    public async Task Deadlines_spread_over_buckets_are_all_swept()
    {
        var store = Fixture.NewStore(TimeProvider.System, o => o.DeadlineBuckets = 4);
        var past = store.NowMs - 10_000;
        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var request = Request(SyncModes.Global, Ids(1), budget: 1000);
            await store.CreateAsync(request, past, Ct);
            await store.StartAsync(request.SessionId!, past, Ct);
            ids.Add(request.SessionId!);
        }

        Assert.True(ids.Select(store.Keys.DeadlineBucketOf).Distinct().Count() > 1);
        using var sweeper = new ExpirySweeper(store, TimeProvider.System);
        Assert.Equal(ids.Count, await sweeper.SweepOnceAsync(Ct));
        Assert.Equal(0, await sweeper.SweepOnceAsync(Ct));
    }
}
