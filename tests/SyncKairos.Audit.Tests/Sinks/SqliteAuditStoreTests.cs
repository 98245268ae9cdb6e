using System.Text;
using Microsoft.Data.Sqlite;
using SyncKairos.Audit.Events;
using SyncKairos.Audit.Sinks;
using SyncKairos.Audit.Tests.Infrastructure;

namespace SyncKairos.Audit.Tests.Sinks;

public sealed class SqliteAuditStoreTests : AuditStoreTests
{
    protected override async Task<TestStore> CreateStoreAsync() => await SqliteTestStore.CreateAsync(Ct);

    [Fact]
    public async Task A_file_made_with_the_event_id_key_is_upgraded_and_stays_idempotent()
    {
        var directory = Path.Combine(Path.GetTempPath(), "synckairos-tests", $"sqlite-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "audit.db");
        try
        {
            var session = Guid.NewGuid();
            AuditEvent[] batch = [.. Enumerable.Range(1, 3).Select(v => AuditEventDecoder.Decode(Encoding.UTF8.GetBytes(AuditEventJson.Create(session, v))))];
            await ExecuteAsync(path, OldEventsTable);
            var sink = new SqliteAuditSink(path);
            await sink.EnsureReadyAsync(Ct);
            await sink.EnsureReadyAsync(Ct);

            Assert.Equal(3, await sink.WriteBatchAsync(batch, Ct));
            Assert.Equal(0, await sink.WriteBatchAsync(batch, Ct));
            Assert.Equal(
                "ux_sync_events_session_version",
                await ExecuteAsync(path, "SELECT group_concat(name) FROM sqlite_master WHERE type = 'index' AND name LIKE '%session_version'"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<object?> ExecuteAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(Ct);
    }

    // sync_events as files made before the unique (session_id, version) key had it.
    private const string OldEventsTable = """
        CREATE TABLE sync_events (
            event_id            TEXT PRIMARY KEY,
            session_id          TEXT NOT NULL,
            version             INTEGER NOT NULL CHECK (version > 0),
            event_type          TEXT NOT NULL,
            participant_id      TEXT,
            group_id            TEXT,
            time_remaining_ms   INTEGER,
            time_elapsed_ms     INTEGER,
            cycle_number        INTEGER,
            occurred_at         TEXT NOT NULL,
            state_snapshot      TEXT NOT NULL CHECK (json_valid(state_snapshot)),
            metadata            TEXT CHECK (metadata IS NULL OR json_valid(metadata))
        );
        CREATE INDEX ix_sync_events_session_version ON sync_events (session_id, version);
        """;
}
