using System.Text.Json;
using SyncKairos.Audit.Tests.Infrastructure;
using SyncKairos.Audit.Writing;
using SyncKairos.Grains.Abstractions;
using SyncKairos.Grains.Rules;
using SyncKairos.Grains.Storage;

namespace SyncKairos.Audit.Tests.Writing;

/// <summary>The writer against a real redis-server and a real store; run once per store.</summary>
public abstract class AuditWriterTests(IRedisServerFixture redis)
{
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(60);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract Task<TestStore> CreateStoreAsync();

    /// <summary>Versions 1..<paramref name="versions"/> of every session, interleaved across sessions like live traffic.</summary>
    private static List<string> Traffic(IReadOnlyList<Guid> sessions, int versions) =>
        [.. Enumerable.Range(1, versions).SelectMany(v => sessions.Select(s => AuditEventJson.Create(s, v, v == 1 ? "session_created" : "cycle_switched")))];

    private static Guid[] Sessions(int count) => [.. Enumerable.Range(0, count).Select(_ => Guid.NewGuid())];

    private static async Task AssertExactlyOnceAsync(TestStore store, IReadOnlyList<Guid> sessions, int versions)
    {
        Assert.Equal(sessions.Count * (long)versions, await store.CountEventsAsync(Ct));
        foreach (var session in sessions)
        {
            var history = await store.Reader.GetEventsAsync(session.ToString(), 0, versions + 10, Ct);
            Assert.Equal(Enumerable.Range(1, versions).Select(v => (long)v), history.Select(e => e.Version));
            Assert.Equal(versions, await store.LastVersionAsync(session, Ct));
        }
    }

    [Fact]
    public async Task Ten_thousand_switches_across_a_thousand_sessions_land_exactly_once()
    {
        await using var store = await CreateStoreAsync();
        await using var harness = await WriterHarness.CreateAsync(redis, store, null, Ct);
        var sessions = Sessions(1000);
        var (_, metrics) = await harness.StartWriterAsync(Ct);

        await harness.PushAsync(Traffic(sessions, 10), Ct);
        await harness.WaitForDrainAsync(10_000, DrainLimit, Ct);

        await AssertExactlyOnceAsync(store, sessions, 10);
        Assert.Equal(10_000, metrics.EventsWritten);
        Assert.Equal(0, metrics.DeadLetters);
        Assert.Empty(await harness.DeadLettersAsync(Ct));
    }

    [Fact]
    public async Task The_writer_deletes_history_older_than_the_retention_and_keeps_the_rest()
    {
        await using var store = await CreateStoreAsync();
        var nowMs = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        var old = Guid.NewGuid();
        var recent = Guid.NewGuid();
        const int oldEvents = 1200; // more than two prune rounds
        var day = (long)TimeSpan.FromDays(1).TotalMilliseconds;
        var aged = Enumerable.Range(1, oldEvents).Select(v => AuditEventJson.Create(old, v, atMs: nowMs - (40 * day) + v));
        await store.Sink.WriteBatchAsync([.. aged.Select(j => SyncKairos.Audit.Events.AuditEventDecoder.Decode(System.Text.Encoding.UTF8.GetBytes(j)))], Ct);
        await using var harness = await WriterHarness.CreateAsync(redis, store, o => o.RetentionDays = 30, Ct);
        await harness.StartWriterAsync(Ct);

        await harness.PushAsync([.. Enumerable.Range(1, 3).Select(v => AuditEventJson.Create(recent, v, atMs: nowMs - (29 * day) + v))], Ct);
        long left = -1;
        await Eventually.WaitAsync(
            async () => (left = await store.CountEventsAsync(Ct)) == 3,
            DrainLimit,
            () => $"only the 3 events newer than 30 days left, not {left}",
            Ct);

        Assert.Null(await store.LastVersionAsync(old, Ct));
        Assert.Equal(3, await store.LastVersionAsync(recent, Ct));
    }

    [Fact]
    public async Task Events_from_the_real_storage_script_are_stored_with_their_history()
    {
        await using var store = await CreateStoreAsync();
        await using var harness = await WriterHarness.CreateAsync(redis, store, null, Ct);
        // The grain's own steps without Orleans: each rule's transition committed by the session storage's script.
        var storage = new SessionStorage(
            new FixedConnection(harness.Client),
            Microsoft.Extensions.Options.Options.Create(new SessionStorageOptions { KeyPrefix = harness.Options.KeyPrefix.TrimEnd(':') }));
        Assert.Equal(harness.QueueKey, (string)storage.Keys.AuditList(0)!);
        var id = Guid.NewGuid().ToString();
        string[] players = [Guid.NewGuid().ToString(), Guid.NewGuid().ToString()];
        var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var created = SessionRules.Create(new CreateSessionRequest
        {
            SessionId = id,
            SyncMode = SyncModes.PerParticipant,
            TotalTimeMs = 60_000,
            Participants = [.. players.Select((p, i) => (ParticipantRequest?)new ParticipantRequest { ParticipantId = p, ParticipantIndex = i, TotalTimeMs = 60_000 })],
            Metadata = JsonDocument.Parse("""{"table":[1,2]}""").RootElement,
        }, at);
        var state = await CommitAsync(storage, created, 0);
        state = await CommitAsync(storage, SessionRules.Start(state, at += 1_000), state.Version);
        state = await CommitAsync(storage, SessionRules.Switch(state, new SwitchRequest(), at += 4_000), state.Version);
        state = await CommitAsync(storage, SessionRules.Switch(state, new SwitchRequest(), at += 2_000), state.Version);
        state = await CommitAsync(storage, SessionRules.Pause(state, at += 1_000), state.Version);
        state = await CommitAsync(storage, SessionRules.Resume(state, at += 1_000), state.Version);
        state = await CommitAsync(storage, SessionRules.Complete(state, at += 1_000), state.Version);
        await storage.DeleteAsync(state, at += 1_000);

        await harness.StartWriterAsync(Ct);
        await harness.WaitForDrainAsync(8, DrainLimit, Ct);

        var history = await store.Reader.GetEventsAsync(id, 0, 100, Ct);
        Assert.Equal(Enumerable.Range(1, 8).Select(v => (long)v), history.Select(e => e.Version));
        Assert.Equal(
            [
                AuditEventTypes.SessionCreated, AuditEventTypes.SessionStarted, AuditEventTypes.CycleSwitched, AuditEventTypes.CycleSwitched,
                AuditEventTypes.SessionPaused, AuditEventTypes.SessionResumed, AuditEventTypes.SessionCompleted, AuditEventTypes.SessionDeleted,
            ],
            history.Select(e => e.EventType));
        // A switch is attributed to the outgoing participant, with that participant's clock after the charge.
        Assert.Equal(players[0], history[2].ParticipantId);
        Assert.Equal(players[1], history[3].ParticipantId);
        Assert.Equal(56_000, history[2].TimeRemainingMs);
        Assert.Equal(1, history[2].CycleNumber);
        Assert.Equal(2, history[3].CycleNumber);
        Assert.Equal(2, history[0].Metadata!.Value.GetProperty("table").GetArrayLength());
        Assert.Equal(8, await store.LastVersionAsync(Guid.Parse(id), Ct));
        Assert.Empty(await harness.DeadLettersAsync(Ct));
    }

    private static async Task<SessionState> CommitAsync(SessionStorage storage, Transition transition, long expectedVersion)
    {
        Assert.Null(transition.Error);
        await storage.CommitAsync(transition.State!, expectedVersion, transition.EventType!, transition.Actor, null, []);
        return transition.State!;
    }

    private sealed class FixedConnection(StackExchange.Redis.IConnectionMultiplexer multiplexer) : IRedisConnectionSource
    {
        public StackExchange.Redis.IConnectionMultiplexer Multiplexer => multiplexer;
    }

    [Fact]
    public async Task Crash_between_commit_and_trim_loses_and_doubles_nothing()
    {
        await using var store = await CreateStoreAsync();
        await using var harness = await WriterHarness.CreateAsync(redis, store, o =>
        {
            o.LeaseDuration = TimeSpan.FromSeconds(1);
            o.WriteConcurrency = 1; // exactly one batch between commit and trim when the crash hits
        }, Ct);
        var sessions = Sessions(100);
        var traffic = Traffic(sessions, 12);
        await harness.PushAsync(traffic, Ct);
        var crashed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await harness.StartWriterAsync(Ct, new AuditWriterHooks { CrashAfterCommit = _ => ValueTask.FromResult(crashed.TrySetResult()) });
        await crashed.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        // The first batch is in the store but still queued: the crash came before the trim.
        Assert.Equal(harness.Options.BatchSize, await store.CountEventsAsync(Ct));
        Assert.Equal(traffic.Count, await harness.QueueLengthAsync(Ct));

        // A fresh writer takes over once the dead writer's lease expires, re-reads that batch and carries on.
        var (_, metrics) = await harness.StartWriterAsync(Ct);
        await harness.WaitForDrainAsync(traffic.Count, DrainLimit, Ct);

        await AssertExactlyOnceAsync(store, sessions, 12);
        Assert.Equal(traffic.Count - harness.Options.BatchSize, metrics.EventsWritten);
    }

    [Fact]
    public async Task Two_writers_at_once_store_every_event_exactly_once()
    {
        await using var store = await CreateStoreAsync();
        await using var harness = await WriterHarness.CreateAsync(redis, store, o => o.BatchSize = 100, Ct);
        var sessions = Sessions(200);
        var (first, firstMetrics) = await harness.StartWriterAsync(Ct);
        var (_, secondMetrics) = await harness.StartWriterAsync(Ct);
        var traffic = Traffic(sessions, 15);

        await harness.PushAsync(traffic.Take(1500), Ct);
        await Eventually.WaitAsync(async () => await store.CountEventsAsync(Ct) > 0, DrainLimit, () => "a first batch stored", Ct);
        // Hand over mid-stream: whichever writer holds the lease, stopping the first forces the second to carry on.
        await first.StopAsync(Ct);
        await harness.PushAsync(traffic.Skip(1500), Ct);
        await harness.WaitForDrainAsync(traffic.Count, DrainLimit, Ct);

        await AssertExactlyOnceAsync(store, sessions, 15);
        Assert.Equal(traffic.Count, firstMetrics.EventsWritten + secondMetrics.EventsWritten);
    }

    [Fact]
    public async Task A_poison_event_is_dead_lettered_and_the_rest_flow()
    {
        await using var store = await CreateStoreAsync();
        await using var harness = await WriterHarness.CreateAsync(redis, store, null, Ct);
        var good = Guid.NewGuid();
        var poisoned = Guid.NewGuid();
        var poison = AuditEventJson.Create(poisoned, 1, "session_created", metadataJson: "{not json");
        List<string> entries =
        [
            .. Enumerable.Range(1, 5).Select(v => AuditEventJson.Create(good, v)),
            poison,
            "this is not an audit event",
            .. Enumerable.Range(6, 5).Select(v => AuditEventJson.Create(good, v)),
        ];
        await harness.PushAsync(entries, Ct);

        var (_, metrics) = await harness.StartWriterAsync(Ct);
        await harness.WaitForDrainAsync(10, DrainLimit, Ct);

        await AssertExactlyOnceAsync(store, [good], 10);
        Assert.Null(await store.LastVersionAsync(poisoned, Ct));
        var dead = await harness.DeadLettersAsync(Ct);
        Assert.Equal(2, dead.Count);
        var letters = dead.Select(d => JsonDocument.Parse(d).RootElement).ToList();
        var poisonLetter = Assert.Single(letters, l => l.GetProperty("entry").GetString() == poison);
        Assert.Equal(harness.Options.MaxAttempts, poisonLetter.GetProperty("attempts").GetInt32());
        Assert.False(string.IsNullOrEmpty(poisonLetter.GetProperty("error").GetString()));
        Assert.Single(letters, l => l.GetProperty("entry").GetString() == "this is not an audit event");
        Assert.Equal(2, metrics.DeadLetters);
    }

    [Fact]
    public async Task A_writer_that_lost_its_lease_before_the_trim_trims_nothing()
    {
        await using var store = await CreateStoreAsync();
        await using var harness = await WriterHarness.CreateAsync(redis, store, o => o.BatchSize = 100, Ct);
        var sessions = Sessions(30);
        var traffic = Traffic(sessions, 10);
        await harness.PushAsync(traffic, Ct);
        var calls = 0;
        var queuedWhenRetaken = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);

        await harness.StartWriterAsync(Ct, new AuditWriterHooks
        {
            CrashAfterCommit = async _ =>
            {
                if (Interlocked.Increment(ref calls) == 1)
                {
                    // The lease expires between commit and trim (a long GC pause, a Redis failover...).
                    await harness.Db.KeyDeleteAsync(harness.Options.LeaseKey(0)).WaitAsync(Ct);
                }
                else
                {
                    queuedWhenRetaken.TrySetResult(await harness.QueueLengthAsync(Ct));
                }

                return false;
            },
        });

        // The refused trim left the first batch queued; the writer re-took the lease and re-read it.
        Assert.Equal(traffic.Count, await queuedWhenRetaken.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct));
        await harness.WaitForDrainAsync(traffic.Count, DrainLimit, Ct);
        await AssertExactlyOnceAsync(store, sessions, 10);
    }

    [Fact]
    public async Task Metrics_report_queue_and_lag_while_the_queue_waits()
    {
        await using var store = await CreateStoreAsync();
        await using var harness = await WriterHarness.CreateAsync(redis, store, o =>
        {
            o.BatchSize = 50;
            o.WriteConcurrency = 1;
        }, Ct);
        var session = Guid.NewGuid();
        var oldAt = DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds();
        await harness.PushAsync(Enumerable.Range(1, 120).Select(v => AuditEventJson.Create(session, v, atMs: oldAt + v)), Ct);
        using var metrics = new AuditMetrics();
        var seenLag = 0L;
        var seenQueue = 0L;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Other tests' writers publish on meters of the same name: listen to this one only.
            if (ReferenceEquals(instrument.Meter, metrics.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "synckairos_audit_lag_ms")
            {
                Interlocked.Exchange(ref seenLag, Math.Max(Interlocked.Read(ref seenLag), value));
            }
            else if (instrument.Name == "synckairos_db_write_queue_size")
            {
                Interlocked.Exchange(ref seenQueue, Math.Max(Interlocked.Read(ref seenQueue), value));
            }
        });
        listener.Start();

        var crashed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await harness.StartWriterAsync(Ct, new AuditWriterHooks
        {
            CrashAfterCommit = _ =>
            {
                listener.RecordObservableInstruments();
                crashed.TrySetResult();
                return ValueTask.FromResult(true);
            },
        }, metrics);
        await crashed.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        // The gauges were observed inside the hook: a crashed worker no longer reports its queue.
        Assert.Equal(120, Interlocked.Read(ref seenQueue));
        Assert.InRange(Interlocked.Read(ref seenLag), 4 * 60_000, 6 * 60_000);
        Assert.Equal(50, metrics.EventsWritten);
    }
}
