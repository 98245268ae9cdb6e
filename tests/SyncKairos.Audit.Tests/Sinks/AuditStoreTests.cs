using System.Text;
using SyncKairos.Audit.Events;
using SyncKairos.Audit.Sinks;
using SyncKairos.Audit.Tests.Infrastructure;

namespace SyncKairos.Audit.Tests.Sinks;

/// <summary>The sink and reader contract, run once per store (PostgreSQL and SQLite).</summary>
public abstract class AuditStoreTests
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract Task<TestStore> CreateStoreAsync();

    private static AuditEvent Event(Guid session, long version, string? metadata = null, string mode = "per_participant") =>
        AuditEventDecoder.Decode(Encoding.UTF8.GetBytes(AuditEventJson.Create(session, version, metadataJson: metadata, syncMode: mode)));

    private static AuditEvent EventAt(Guid session, long version, long atMs) =>
        AuditEventDecoder.Decode(Encoding.UTF8.GetBytes(AuditEventJson.Create(session, version, atMs: atMs)));

    [Fact]
    public async Task Pruning_deletes_events_before_the_cutoff_oldest_first_in_bounded_rounds()
    {
        await using var store = await CreateStoreAsync();
        var old = Guid.NewGuid();
        var live = Guid.NewGuid();
        var t0 = AuditEventJson.BaseTimeMs;
        await store.Sink.WriteBatchAsync([.. Enumerable.Range(1, 5).Select(v => EventAt(old, v, t0 + (v * 1000)))], Ct);
        await store.Sink.WriteBatchAsync([.. Enumerable.Range(1, 3).Select(v => EventAt(live, v, t0 + 3_600_000 + v))], Ct);
        var cutoff = DateTimeOffset.FromUnixTimeMilliseconds(t0 + 3500);

        Assert.Equal(new AuditPruneResult(2, 0), await store.Sink.PruneAsync(cutoff, 2, Ct));
        Assert.Equal([3L, 4L, 5L], (await store.Reader.GetEventsAsync(old.ToString(), 0, 10, Ct)).Select(e => e.Version));
        Assert.Equal(new AuditPruneResult(1, 0), await store.Sink.PruneAsync(cutoff, 2, Ct));
        Assert.Equal(new AuditPruneResult(0, 0), await store.Sink.PruneAsync(cutoff, 2, Ct));
        Assert.Equal(5, await store.LastVersionAsync(old, Ct));

        // Past the old session's last update its row goes too; the live session, created as long ago, stays.
        Assert.Equal(new AuditPruneResult(2, 1), await store.Sink.PruneAsync(DateTimeOffset.FromUnixTimeMilliseconds(t0 + 10_000), 10, Ct));
        Assert.Null(await store.LastVersionAsync(old, Ct));
        Assert.Equal(3, await store.LastVersionAsync(live, Ct));
        Assert.Equal([1L, 2L, 3L], (await store.Reader.GetEventsAsync(live.ToString(), 0, 10, Ct)).Select(e => e.Version));
        Assert.Equal(3, await store.CountEventsAsync(Ct));
    }

    [Fact]
    public async Task A_pruned_event_replayed_from_the_queue_is_stored_again_without_moving_the_session_back()
    {
        await using var store = await CreateStoreAsync();
        var session = Guid.NewGuid();
        var t0 = AuditEventJson.BaseTimeMs;
        await store.Sink.WriteBatchAsync([EventAt(session, 1, t0), EventAt(session, 2, t0 + 3_600_000)], Ct);

        await store.Sink.PruneAsync(DateTimeOffset.FromUnixTimeMilliseconds(t0 + 1), 10, Ct);
        Assert.Equal(1, await store.Sink.WriteBatchAsync([EventAt(session, 1, t0)], Ct));
        Assert.Equal(2, await store.LastVersionAsync(session, Ct));
    }

    [Fact]
    public async Task Writing_the_same_batch_twice_stores_it_once()
    {
        await using var store = await CreateStoreAsync();
        var session = Guid.NewGuid();
        AuditEvent[] batch = [Event(session, 1), Event(session, 2), Event(session, 3)];

        Assert.Equal(3, await store.Sink.WriteBatchAsync(batch, Ct));
        Assert.Equal(0, await store.Sink.WriteBatchAsync(batch, Ct));

        Assert.Equal(3, await store.CountEventsAsync(Ct));
        Assert.Equal(3, await store.LastVersionAsync(session, Ct));
    }

    [Fact]
    public async Task A_batch_overlapping_stored_events_stores_only_the_new_ones()
    {
        await using var store = await CreateStoreAsync();
        var session = Guid.NewGuid();
        await store.Sink.WriteBatchAsync([Event(session, 1), Event(session, 2)], Ct);

        Assert.Equal(2, await store.Sink.WriteBatchAsync([Event(session, 1), Event(session, 2), Event(session, 3), Event(session, 4)], Ct));
        Assert.Equal(1, await store.Sink.WriteBatchAsync([Event(session, 5), Event(session, 5)], Ct));

        Assert.Equal([1L, 2L, 3L, 4L, 5L], (await store.Reader.GetEventsAsync(session.ToString(), 0, 10, Ct)).Select(e => e.Version));
        Assert.Equal(5, await store.LastVersionAsync(session, Ct));
    }

    [Fact]
    public async Task Session_last_version_never_moves_backwards()
    {
        await using var store = await CreateStoreAsync();
        var session = Guid.NewGuid();

        await store.Sink.WriteBatchAsync([Event(session, 5), Event(session, 4)], Ct);
        Assert.Equal(5, await store.LastVersionAsync(session, Ct));

        await store.Sink.WriteBatchAsync([Event(session, 3)], Ct);
        Assert.Equal(5, await store.LastVersionAsync(session, Ct));

        await store.Sink.WriteBatchAsync([Event(session, 6)], Ct);
        Assert.Equal(6, await store.LastVersionAsync(session, Ct));
    }

    [Fact]
    public async Task Reader_pages_by_version_oldest_first()
    {
        await using var store = await CreateStoreAsync();
        var session = Guid.NewGuid();
        var other = Guid.NewGuid();
        await store.Sink.WriteBatchAsync([.. Enumerable.Range(1, 10).Select(v => Event(session, v, """{"k":"v"}""")), Event(other, 1)], Ct);

        var page = await store.Reader.GetEventsAsync(session.ToString().ToUpperInvariant(), afterVersion: 4, limit: 3, Ct);

        Assert.Equal([5L, 6L, 7L], page.Select(e => e.Version));
        var first = page[0];
        Assert.Equal($"{session}:5", first.EventId);
        Assert.Equal(session.ToString(), first.SessionId);
        Assert.Equal("cycle_switched", first.EventType);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(AuditEventJson.BaseTimeMs + 5000), first.OccurredAt);
        Assert.Equal(5, first.State.GetProperty("version").GetInt64());
        Assert.Equal("v", first.Metadata!.Value.GetProperty("k").GetString());
        Assert.Equal(AuditEventJson.ParticipantOf(session, 1).ToString(), first.ParticipantId);
        Assert.Empty(await store.Reader.GetEventsAsync(session.ToString(), afterVersion: 10, limit: 50, Ct));
        Assert.Empty(await store.Reader.GetEventsAsync("not-a-uuid", afterVersion: 0, limit: 50, Ct));
    }

    [Fact]
    public async Task A_refused_row_is_isolated_and_the_others_commit()
    {
        await using var store = await CreateStoreAsync();
        var session = Guid.NewGuid();
        AuditEvent[] batch = [Event(session, 1), Event(session, 2, metadata: "{not json"), Event(session, 3)];

        var batchFailure = await Assert.ThrowsAnyAsync<Exception>(() => store.Sink.WriteBatchAsync(batch, Ct));
        Assert.Equal(AuditErrorKind.Permanent, store.Sink.Classify(batchFailure));
        Assert.Equal(0, await store.CountEventsAsync(Ct));

        var rows = await store.Sink.WriteEachAsync(batch, Ct);

        Assert.Equal(2, rows.Inserted);
        Assert.Null(rows.Errors[0]);
        Assert.NotNull(rows.Errors[1]);
        Assert.Null(rows.Errors[2]);
        Assert.Equal([1L, 3L], (await store.Reader.GetEventsAsync(session.ToString(), 0, 10, Ct)).Select(e => e.Version));
        Assert.Equal(3, await store.LastVersionAsync(session, Ct));
    }

    [Fact]
    public async Task A_refused_row_next_to_stored_ones_is_still_isolated()
    {
        await using var store = await CreateStoreAsync();
        var session = Guid.NewGuid();
        await store.Sink.WriteBatchAsync([Event(session, 1)], Ct);
        // A replayed event ahead of a refused one (version 0 breaks the version > 0 check), and the refused one first.
        AuditEvent[] replayFirst = [Event(session, 1), Event(session, 0), Event(session, 2)];
        AuditEvent[] refusedFirst = [Event(session, 0), Event(session, 1), Event(session, 3)];

        foreach (var batch in new[] { replayFirst, refusedFirst })
        {
            var failure = await Assert.ThrowsAnyAsync<Exception>(() => store.Sink.WriteBatchAsync(batch, Ct));
            Assert.Equal(AuditErrorKind.Permanent, store.Sink.Classify(failure));
            var rows = await store.Sink.WriteEachAsync(batch, Ct);
            Assert.Equal(1, rows.Inserted);
            Assert.Equal(1, rows.Errors.Count(e => e is not null));
        }

        Assert.Equal([1L, 2L, 3L], (await store.Reader.GetEventsAsync(session.ToString(), 0, 10, Ct)).Select(e => e.Version));
        Assert.Equal(3, await store.LastVersionAsync(session, Ct));
    }

    [Fact]
    public async Task Unknown_sync_mode_is_a_permanent_refusal()
    {
        await using var store = await CreateStoreAsync();

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => store.Sink.WriteBatchAsync([Event(Guid.NewGuid(), 1, mode: "sideways")], Ct));

        Assert.Equal(AuditErrorKind.Permanent, store.Sink.Classify(failure));
    }
}
