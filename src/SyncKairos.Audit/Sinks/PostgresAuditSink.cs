using System.Net.Sockets;
using Npgsql;
using NpgsqlTypes;
using SyncKairos.Audit.Events;
using SyncKairos.Audit.Migrations;

namespace SyncKairos.Audit.Sinks;

/// <summary>
/// Writes audit batches to PostgreSQL in one statement: the events and the session upserts are two
/// data-modifying CTEs over <c>unnest</c>ed array parameters, so a batch is one round trip and atomic
/// without an explicit transaction.
/// </summary>
public sealed class PostgresAuditSink : IAuditSink
{
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
            ON CONFLICT (event_id) DO NOTHING
            RETURNING 1
        ), ses AS (
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
        )
        SELECT count(*)::int FROM ins
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

        await using var command = _dataSource.CreateCommand(WriteSql);
        Bind(command, events, AuditBatch.LatestSessions(events));
        return (int)(await command.ExecuteScalarAsync(cancellationToken) ?? 0);
    }

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
