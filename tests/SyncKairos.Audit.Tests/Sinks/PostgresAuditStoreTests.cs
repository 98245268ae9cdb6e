using System.Text;
using SyncKairos.Audit.Events;
using SyncKairos.Audit.Tests.Infrastructure;

namespace SyncKairos.Audit.Tests.Sinks;

public sealed class PostgresAuditStoreTests(PostgresFixture postgres) : AuditStoreTests
{
    protected override async Task<TestStore> CreateStoreAsync() => await PostgresTestStore.CreateAsync(postgres, Ct);

    [Fact]
    public async Task The_copied_state_and_metadata_are_the_entry_json()
    {
        await using var store = await PostgresTestStore.CreateAsync(postgres, Ct);
        var session = Guid.NewGuid();
        // Escapes, non-ASCII text, a big integer and nesting: the raw state bytes go to jsonb untouched.
        var state = $$"""{ "session_id" : "{{session}}", "sync_mode":"per_participant", "note":"caf\u00e9 \"quoted\" ☕ / \\", "big":12345678901234567890, "nested":{"a":[1,2.5,null,true]}, "metadata_json":"{\"table\":\"t\u00e9\",\"n\":[1,2]}" }""";
        var entry = $$"""{"session_id":"{{session}}","version":1,"event_type":"session_created","at":1763750000000,"state":{{state}}}""";
        var e = AuditEventDecoder.Decode(Encoding.UTF8.GetBytes(entry));

        Assert.Equal(2, await store.Sink.WriteBatchAsync([e, AuditEventDecoder.Decode(Encoding.UTF8.GetBytes(AuditEventJson.Create(Guid.NewGuid(), 1)))], Ct));

        await using var command = store.Database.DataSource.CreateCommand(
            "SELECT count(*) FROM sync_events WHERE event_id = @id AND state_snapshot = @state::jsonb AND metadata = @metadata::jsonb");
        command.Parameters.AddWithValue("id", $"{session}:1");
        command.Parameters.AddWithValue("state", state);
        command.Parameters.AddWithValue("metadata", """{"table":"té","n":[1,2]}""");
        Assert.Equal(1L, await command.ExecuteScalarAsync(Ct));
        Assert.Equal(2, await store.CountEventsAsync(Ct));
    }

    [Fact]
    public async Task A_table_partitioned_by_occurred_at_takes_the_same_writes_and_drops_old_months()
    {
        await using var store = await PostgresTestStore.CreateAsync(postgres, Ct);
        await using (var command = store.Database.DataSource.CreateCommand(PartitionedEvents))
        {
            await command.ExecuteNonQueryAsync(Ct);
        }

        var session = Guid.NewGuid();
        var t0 = AuditEventJson.BaseTimeMs; // 2025-11-21
        AuditEvent[] batch =
        [
            .. new[] { t0, t0 + 1000, t0 + (15L * 24 * 3_600_000) }.Select((at, i) =>
                AuditEventDecoder.Decode(Encoding.UTF8.GetBytes(AuditEventJson.Create(session, i + 1, atMs: at)))),
        ];

        Assert.Equal(3, await store.Sink.WriteBatchAsync(batch, Ct));
        Assert.Equal(0, await store.Sink.WriteBatchAsync(batch, Ct));
        Assert.Equal(1, await store.Sink.WriteBatchAsync([.. batch.Take(1), AuditEventDecoder.Decode(Encoding.UTF8.GetBytes(AuditEventJson.Create(session, 4, atMs: t0 + (16L * 24 * 3_600_000))))], Ct));
        Assert.Equal(4, await store.CountEventsAsync(Ct));

        await using (var drop = store.Database.DataSource.CreateCommand("DROP TABLE sync_events_2025_11"))
        {
            await drop.ExecuteNonQueryAsync(Ct);
        }

        Assert.Equal([3L, 4L], (await store.Reader.GetEventsAsync(session.ToString(), 0, 10, Ct)).Select(e => e.Version));
    }

    // docs/AUDIT-RETENTION.md: the migrated table replaced by one partitioned by month.
    private const string PartitionedEvents = """
        DROP TABLE sync_events;
        CREATE TABLE sync_events (
            event_id            text NOT NULL,
            session_id          uuid NOT NULL,
            version             bigint NOT NULL CHECK (version > 0),
            event_type          text NOT NULL,
            participant_id      uuid,
            group_id            uuid,
            time_remaining_ms   bigint,
            time_elapsed_ms     bigint,
            cycle_number        integer,
            occurred_at         timestamptz NOT NULL,
            state_snapshot      jsonb NOT NULL,
            metadata            jsonb,
            PRIMARY KEY (event_id, occurred_at)
        ) PARTITION BY RANGE (occurred_at);
        CREATE INDEX ix_sync_events_session_version ON sync_events (session_id, version);
        CREATE INDEX ix_sync_events_occurred_at ON sync_events (occurred_at);
        CREATE INDEX ix_sync_events_event_type ON sync_events (event_type);
        CREATE TABLE sync_events_2025_11 PARTITION OF sync_events FOR VALUES FROM ('2025-11-01') TO ('2025-12-01');
        CREATE TABLE sync_events_2025_12 PARTITION OF sync_events FOR VALUES FROM ('2025-12-01') TO ('2026-01-01');
        """;
}
