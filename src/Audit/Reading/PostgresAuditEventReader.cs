using System.Text.Json;
using Npgsql;

namespace SyncKairos.Audit.Reading;

public sealed class PostgresAuditEventReader : IAuditEventReader
{
    private const string Sql = """
        SELECT event_id, session_id, version, event_type, participant_id, group_id, time_remaining_ms,
            time_elapsed_ms, cycle_number, occurred_at, state_snapshot::text, metadata::text
        FROM sync_events
        WHERE session_id = @session_id AND version > @after_version
        ORDER BY version
        LIMIT @limit
        """;

    private readonly NpgsqlDataSource _dataSource;

    public PostgresAuditEventReader(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
    }

    public async Task<IReadOnlyList<AuditEventRecord>> GetEventsAsync(string sessionId, long afterVersion, int limit, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(sessionId, out var id) || limit <= 0)
        {
            return [];
        }

        await using var command = _dataSource.CreateCommand(Sql);
        command.Parameters.AddWithValue("session_id", id);
        command.Parameters.AddWithValue("after_version", afterVersion);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<AuditEventRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new AuditEventRecord
            {
                EventId = reader.GetString(0),
                SessionId = reader.GetGuid(1).ToString(),
                Version = reader.GetInt64(2),
                EventType = reader.GetString(3),
                ParticipantId = reader.IsDBNull(4) ? null : reader.GetGuid(4).ToString(),
                GroupId = reader.IsDBNull(5) ? null : reader.GetGuid(5).ToString(),
                TimeRemainingMs = reader.IsDBNull(6) ? null : reader.GetInt64(6),
                TimeElapsedMs = reader.IsDBNull(7) ? null : reader.GetInt64(7),
                CycleNumber = reader.IsDBNull(8) ? null : reader.GetInt32(8),
                OccurredAt = new DateTimeOffset(reader.GetDateTime(9), TimeSpan.Zero),
                State = ParseJson(reader.GetString(10)),
                Metadata = reader.IsDBNull(11) ? null : ParseJson(reader.GetString(11)),
            });
        }

        return events;
    }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT 1 FROM sync_events LIMIT 1");
        await command.ExecuteScalarAsync(cancellationToken);
    }

    internal static JsonElement ParseJson(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
