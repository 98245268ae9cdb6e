using System.Net.Sockets;
using Npgsql;
using NpgsqlTypes;
using SyncKairos.Audit.Events;
using SyncKairos.Audit.Migrations;

namespace SyncKairos.Audit.Sinks;

/// <summary>
/// Writes audit batches to PostgreSQL. The fast path binary-COPYs the events straight into <c>sync_events</c> and
/// upserts the sessions in the same transaction (ADR 0022). COPY has no <c>ON CONFLICT</c>, so a batch that meets
/// an event already stored (a replay after a crash, a second writer) fails with a unique violation and is written
/// again by the idempotent statement: the events and the session upserts as two data-modifying CTEs over
/// <c>unnest</c>ed array parameters with <c>ON CONFLICT DO NOTHING</c> (ADR 0006). No conflict target: on a
/// table partitioned by <c>occurred_at</c> the key is <c>(event_id, occurred_at)</c> (docs/AUDIT-RETENTION.md).
/// </summary>
public sealed class PostgresAuditSink : IAuditSink
{
    // The idempotent statement: the events CTE, then SessionsSql as the second CTE.
    private const string WriteSql = """
        WITH ins AS (
            INSERT INTO sync_events (event_id, session_id, version, event_type, participant_id, group_id,
                time_remaining_ms, time_elapsed_ms, cycle_number, occurred_at, state_snapshot, metadata)
            SELECT e.event_id, e.session_id, e.version, e.event_type, e.participant_id, e.group_id,
                e.time_remaining_ms, e.time_elapsed_ms, e.cycle_number,
                timestamptz 'epoch' + e.occurred_ms * interval '1 millisecond', e.state::jsonb, e.metadata::jsonb
            FROM unnest(@e_id, @e_session, @e_version, @e_type, @e_participant, @e_group, @e_remaining, @e_elapsed,
                @e_cycle, @e_occurred, @e_state, @e_metadata)
                AS e(event_id, session_id, version, event_type, participant_id, group_id, time_remaining_ms,
                    time_elapsed_ms, cycle_number, occurred_ms, state, metadata)
            ON CONFLICT DO NOTHING
            RETURNING 1
        ), ses AS (
        """ + SessionsSql + """
        )
        SELECT count(*)::int FROM ins
        """;

    private const string CopySql = """
        COPY sync_events (event_id, session_id, version, event_type, participant_id, group_id, time_remaining_ms,
            time_elapsed_ms, cycle_number, occurred_at, state_snapshot, metadata) FROM STDIN (FORMAT BINARY)
        """;

    private const string SessionsSql = """
        INSERT INTO sync_sessions AS t (session_id, sync_mode, time_per_cycle_ms, increment_ms, max_time_ms,
            created_at, started_at, completed_at, final_status, total_cycles, total_participants, metadata,
            last_updated_at, last_version)
        SELECT s.session_id, s.sync_mode::sync_mode, s.time_per_cycle_ms, s.increment_ms, s.max_time_ms,
            timestamptz 'epoch' + s.created_ms * interval '1 millisecond',
            timestamptz 'epoch' + s.started_ms * interval '1 millisecond',
            timestamptz 'epoch' + s.completed_ms * interval '1 millisecond',
            s.status::sync_status, s.total_cycles, s.total_participants, s.metadata::jsonb,
            timestamptz 'epoch' + s.updated_ms * interval '1 millisecond', s.last_version
        FROM unnest(@s_id, @s_mode, @s_per_cycle, @s_increment, @s_max, @s_created, @s_started, @s_completed,
            @s_status, @s_cycles, @s_participants, @s_metadata, @s_updated, @s_version)
            AS s(session_id, sync_mode, time_per_cycle_ms, increment_ms, max_time_ms, created_ms, started_ms,
                completed_ms, status, total_cycles, total_participants, metadata, updated_ms, last_version)
        ON CONFLICT (session_id) DO UPDATE SET
            sync_mode = EXCLUDED.sync_mode,
            time_per_cycle_ms = EXCLUDED.time_per_cycle_ms,
            increment_ms = EXCLUDED.increment_ms,
            max_time_ms = EXCLUDED.max_time_ms,
            started_at = EXCLUDED.started_at,
            completed_at = EXCLUDED.completed_at,
            final_status = EXCLUDED.final_status,
            total_cycles = EXCLUDED.total_cycles,
            total_participants = EXCLUDED.total_participants,
            metadata = EXCLUDED.metadata,
            last_updated_at = EXCLUDED.last_updated_at,
            last_version = EXCLUDED.last_version
        WHERE t.last_version < EXCLUDED.last_version
        """;

    // Oldest first through ix_sync_events_occurred_at and ix_sync_sessions_created_at (created_at <= last_updated_at).
    private const string PruneEventsSql = """
        DELETE FROM sync_events WHERE event_id IN (
            SELECT event_id FROM sync_events WHERE occurred_at < @cutoff ORDER BY occurred_at LIMIT @limit)
        """;

    private const string PruneSessionsSql = """
        DELETE FROM sync_sessions WHERE session_id IN (
            SELECT session_id FROM sync_sessions WHERE created_at < @cutoff AND last_updated_at < @cutoff
            ORDER BY created_at LIMIT @limit)
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly MigrationRunner? _migrations;

    /// <param name="dataSource">The audit database.</param>
    /// <param name="migrations">Applied by <see cref="EnsureReadyAsync"/> when given; null when migrations run elsewhere.</param>
    public PostgresAuditSink(NpgsqlDataSource dataSource, MigrationRunner? migrations)
    {
        _dataSource = dataSource;
        _migrations = migrations;
    }

    public async Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        if (_migrations is not null)
        {
            await _migrations.RunAsync(cancellationToken);
        }
    }

    public async Task<int> WriteBatchAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return 0;
        }

        var sessions = AuditBatch.LatestSessions(events);
        try
        {
            return await CopyAsync(events, sessions, cancellationToken);
        }
        catch (PostgresException ex) when (IsStoredEvent(ex))
        {
            // Part of the batch is already stored: the statement below skips those rows.
        }

        await using var command = _dataSource.CreateCommand(WriteSql);
        Bind(command, events, sessions);
        return (int)(await command.ExecuteScalarAsync(cancellationToken) ?? 0);
    }

    /// <summary>
    /// A COPY that met an event id already in <c>sync_events</c> (or twice in the batch). A partitioned table
    /// reports the partition, whatever the operator named it; the session upsert never violates a unique key.
    /// </summary>
    internal static bool IsStoredEvent(PostgresException exception) =>
        exception.SqlState == PostgresErrorCodes.UniqueViolation && exception.TableName != "sync_sessions";

    /// <summary>
    /// The fast path: COPY rows go in through heap multi-inserts, with none of the per-row speculative insertion of
    /// <c>ON CONFLICT</c> nor the array decoding of <c>unnest</c>. All or nothing, like the statement it replaces.
    /// </summary>
    private async Task<int> CopyAsync(IReadOnlyList<AuditEvent> events, List<AuditSessionSnapshot> sessions, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        ulong copied;
        await using (var importer = await connection.BeginBinaryImportAsync(CopySql, cancellationToken))
        {
            foreach (var e in events)
            {
                await WriteRowAsync(importer, e, cancellationToken);
            }

            copied = await importer.CompleteAsync(cancellationToken);
        }

        if (sessions.Count > 0)
        {
            await using var command = new NpgsqlCommand(SessionsSql, connection, transaction);
            BindSessions(command, sessions);

            // Planning the upsert costs about as much as a few rows; prepared once per physical connection.
            await command.PrepareAsync(cancellationToken);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return (int)copied;
    }

    private static async Task WriteRowAsync(NpgsqlBinaryImporter importer, AuditEvent e, CancellationToken cancellationToken)
    {
        await importer.StartRowAsync(cancellationToken);
        await importer.WriteAsync(e.EventId, NpgsqlDbType.Text, cancellationToken);
        await importer.WriteAsync(e.SessionId, NpgsqlDbType.Uuid, cancellationToken);
        await importer.WriteAsync(e.Version, NpgsqlDbType.Bigint, cancellationToken);
        await importer.WriteAsync(e.EventType, NpgsqlDbType.Text, cancellationToken);
        await WriteOrNullAsync(importer, e.ParticipantId, NpgsqlDbType.Uuid, cancellationToken);
        await WriteOrNullAsync(importer, e.GroupId, NpgsqlDbType.Uuid, cancellationToken);
        await WriteOrNullAsync(importer, e.TimeRemainingMs, NpgsqlDbType.Bigint, cancellationToken);
        await WriteOrNullAsync(importer, e.TimeElapsedMs, NpgsqlDbType.Bigint, cancellationToken);
        await WriteOrNullAsync(importer, e.CycleNumber, NpgsqlDbType.Integer, cancellationToken);
        await importer.WriteAsync(DateTime.UnixEpoch.AddMilliseconds(e.OccurredAtMs), NpgsqlDbType.TimestampTz, cancellationToken);
        await importer.WriteAsync(e.StateUtf8, NpgsqlDbType.Jsonb, cancellationToken);
        if (e.MetadataJson is { } metadata)
        {
            await importer.WriteAsync(metadata, NpgsqlDbType.Jsonb, cancellationToken);
        }
        else
        {
            await importer.WriteNullAsync(cancellationToken);
        }
    }

    private static Task WriteOrNullAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : struct =>
        value is { } v ? importer.WriteAsync(v, type, cancellationToken) : importer.WriteNullAsync(cancellationToken);

    public async Task<AuditRowResults> WriteEachAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        var errors = new Exception?[events.Count];
        var inserted = 0;
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        for (var i = 0; i < events.Count; i++)
        {
            await transaction.SaveAsync("audit_row", cancellationToken);
            try
            {
                await using var command = new NpgsqlCommand(WriteSql, connection, transaction);
                AuditEvent[] one = [events[i]];
                Bind(command, one, AuditBatch.LatestSessions(one));
                inserted += (int)(await command.ExecuteScalarAsync(cancellationToken) ?? 0);
            }
            catch (PostgresException ex) when (Classify(ex) == AuditErrorKind.Permanent)
            {
                await transaction.RollbackAsync("audit_row", cancellationToken);
                errors[i] = ex;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new AuditRowResults(inserted, errors);
    }

    /// <summary>A database's retention is its operator's decision (backups, partitions, compliance): off unless set.</summary>
    public int DefaultRetentionDays => 0;

    public async Task<AuditPruneResult> PruneAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var events = await DeleteAsync(connection, PruneEventsSql, cutoff, limit, cancellationToken);
        var sessions = await DeleteAsync(connection, PruneSessionsSql, cutoff, limit, cancellationToken);
        return new AuditPruneResult(events, sessions);
    }

    private static async Task<int> DeleteAsync(NpgsqlConnection connection, string sql, DateTimeOffset cutoff, int limit, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("cutoff", cutoff.UtcDateTime);
        command.Parameters.AddWithValue("limit", limit);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public AuditErrorKind Classify(Exception exception) => ClassifyException(exception);

    /// <summary>
    /// Only data exceptions (class 22) and integrity violations (class 23) are the event's fault. Everything else
    /// (connection loss, shutdown, serialization failures, a missing table or a bad password) is the store's
    /// state: dead-lettering events for it would empty the queue into the dead-letter list, so those retry.
    /// </summary>
    internal static AuditErrorKind ClassifyException(Exception exception) => exception switch
    {
        PostgresException pg when pg.SqlState.StartsWith("22", StringComparison.Ordinal)
            || pg.SqlState.StartsWith("23", StringComparison.Ordinal) => AuditErrorKind.Permanent,
        NpgsqlException { IsTransient: true } => AuditErrorKind.Transient,
        SocketException or IOException or TimeoutException => AuditErrorKind.Transient,
        _ => AuditErrorKind.Transient,
    };

    private static void Bind(NpgsqlCommand command, IReadOnlyList<AuditEvent> events, List<AuditSessionSnapshot> sessions)
    {
        var p = command.Parameters;
        p.Add(Array("e_id", NpgsqlDbType.Text, events.Select(e => e.EventId).ToArray()));
        p.Add(Array("e_session", NpgsqlDbType.Uuid, events.Select(e => e.SessionId).ToArray()));
        p.Add(Array("e_version", NpgsqlDbType.Bigint, events.Select(e => e.Version).ToArray()));
        p.Add(Array("e_type", NpgsqlDbType.Text, events.Select(e => e.EventType).ToArray()));
        p.Add(Array("e_participant", NpgsqlDbType.Uuid, events.Select(e => e.ParticipantId).ToArray()));
        p.Add(Array("e_group", NpgsqlDbType.Uuid, events.Select(e => e.GroupId).ToArray()));
        p.Add(Array("e_remaining", NpgsqlDbType.Bigint, events.Select(e => e.TimeRemainingMs).ToArray()));
        p.Add(Array("e_elapsed", NpgsqlDbType.Bigint, events.Select(e => e.TimeElapsedMs).ToArray()));
        p.Add(Array("e_cycle", NpgsqlDbType.Integer, events.Select(e => e.CycleNumber).ToArray()));
        p.Add(Array("e_occurred", NpgsqlDbType.Bigint, events.Select(e => e.OccurredAtMs).ToArray()));
        p.Add(Array("e_state", NpgsqlDbType.Text, events.Select(e => e.StateJson).ToArray()));
        p.Add(Array("e_metadata", NpgsqlDbType.Text, events.Select(e => e.MetadataJson).ToArray()));
        BindSessions(command, sessions);
    }

    private static void BindSessions(NpgsqlCommand command, List<AuditSessionSnapshot> sessions)
    {
        var p = command.Parameters;
        p.Add(Array("s_id", NpgsqlDbType.Uuid, sessions.Select(s => s.SessionId).ToArray()));
        p.Add(Array("s_mode", NpgsqlDbType.Text, sessions.Select(s => s.SyncMode).ToArray()));
        p.Add(Array("s_per_cycle", NpgsqlDbType.Bigint, sessions.Select(s => s.TimePerCycleMs).ToArray()));
        p.Add(Array("s_increment", NpgsqlDbType.Bigint, sessions.Select(s => s.IncrementMs).ToArray()));
        p.Add(Array("s_max", NpgsqlDbType.Bigint, sessions.Select(s => s.MaxTimeMs).ToArray()));
        p.Add(Array("s_created", NpgsqlDbType.Bigint, sessions.Select(s => s.CreatedAtMs).ToArray()));
        p.Add(Array("s_started", NpgsqlDbType.Bigint, sessions.Select(s => s.StartedAtMs).ToArray()));
        p.Add(Array("s_completed", NpgsqlDbType.Bigint, sessions.Select(s => s.CompletedAtMs).ToArray()));
        p.Add(Array("s_status", NpgsqlDbType.Text, sessions.Select(s => s.Status).ToArray()));
        p.Add(Array("s_cycles", NpgsqlDbType.Integer, sessions.Select(s => s.TotalCycles).ToArray()));
        p.Add(Array("s_participants", NpgsqlDbType.Integer, sessions.Select(s => s.TotalParticipants).ToArray()));
        p.Add(Array("s_metadata", NpgsqlDbType.Text, sessions.Select(s => s.MetadataJson).ToArray()));
        p.Add(Array("s_updated", NpgsqlDbType.Bigint, sessions.Select(s => s.LastUpdatedAtMs).ToArray()));
        p.Add(Array("s_version", NpgsqlDbType.Bigint, sessions.Select(s => s.LastVersion).ToArray()));
    }

    private static NpgsqlParameter<T[]> Array<T>(string name, NpgsqlDbType elementType, T[] values) =>
        new(name, NpgsqlDbType.Array | elementType) { TypedValue = values };
}
