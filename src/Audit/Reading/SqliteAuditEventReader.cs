using Microsoft.Data.Sqlite;
using SyncKairos.Audit.Sinks;

namespace SyncKairos.Audit.Reading;

public sealed class SqliteAuditEventReader : IAuditEventReader
{
    private const string Sql = """
        SELECT event_id, session_id, version, event_type, participant_id, group_id, time_remaining_ms,
            time_elapsed_ms, cycle_number, occurred_at, state_snapshot, metadata
        FROM sync_events
        WHERE session_id = $session_id AND version > $after_version
        ORDER BY version
        LIMIT $limit
        """;

    private readonly string _connectionString;
    private volatile bool _schemaReady;

    public SqliteAuditEventReader(string path)
    {
        _connectionString = SqliteConnectionStrings.For(path);
    }

    public async Task<IReadOnlyList<AuditEventRecord>> GetEventsAsync(string sessionId, long afterVersion, int limit, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(sessionId, out var id) || limit <= 0)
        {
            return [];
        }

        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await EnsureSchemaAsync(connection, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        command.Parameters.AddWithValue("$session_id", id.ToString());
        command.Parameters.AddWithValue("$after_version", afterVersion);
        command.Parameters.AddWithValue("$limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<AuditEventRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new AuditEventRecord
            {
                EventId = reader.GetString(0),
                SessionId = reader.GetString(1),
                Version = reader.GetInt64(2),
                EventType = reader.GetString(3),
                ParticipantId = reader.IsDBNull(4) ? null : reader.GetString(4),
                GroupId = reader.IsDBNull(5) ? null : reader.GetString(5),
                TimeRemainingMs = reader.IsDBNull(6) ? null : reader.GetInt64(6),
                TimeElapsedMs = reader.IsDBNull(7) ? null : reader.GetInt64(7),
                CycleNumber = reader.IsDBNull(8) ? null : reader.GetInt32(8),
                OccurredAt = SqliteTime.Parse(reader.GetString(9)),
                State = PostgresAuditEventReader.ParseJson(reader.GetString(10)),
                Metadata = reader.IsDBNull(11) ? null : PostgresAuditEventReader.ParseJson(reader.GetString(11)),
            });
        }

        return events;
    }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>A reader may be asked before the writer has created the file's tables; the schema script is idempotent.</summary>
    private async Task EnsureSchemaAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        if (_schemaReady)
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = SqliteSchema.Create;
        await command.ExecuteNonQueryAsync(cancellationToken);
        _schemaReady = true;
    }
}
