using Microsoft.Data.Sqlite;
using SyncKairos.Audit.Events;

namespace SyncKairos.Audit.Sinks;

/// <summary>Embedded mode: the audit trail in a local SQLite file (WAL), one transaction per batch.</summary>
public sealed class SqliteAuditSink : IAuditSink
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteConstraint = 19;
    private const int SqliteMismatch = 20;

    private readonly string _connectionString;

    public SqliteAuditSink(string path)
    {
        _connectionString = SqliteConnectionStrings.For(path);
    }

    /// <summary>The embedded file has no operator to prune it: without a bound it grows until the disk is full.</summary>
    public int DefaultRetentionDays => 30;

    public async Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteSchema.Create;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> WriteBatchAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var inserted = 0;
        await using (var insert = Prepare(connection, transaction, SqliteSchema.InsertEvent))
        {
            foreach (var e in events)
            {
                inserted += await InsertAsync(insert, e, cancellationToken);
            }
        }

        await using (var upsert = Prepare(connection, transaction, SqliteSchema.UpsertSession))
        {
            foreach (var s in AuditBatch.LatestSessions(events))
            {
                await UpsertAsync(upsert, s, cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return inserted;
    }

    public async Task<AuditRowResults> WriteEachAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        var errors = new Exception?[events.Count];
        var inserted = 0;
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = Prepare(connection, transaction, SqliteSchema.InsertEvent);
        await using var upsert = Prepare(connection, transaction, SqliteSchema.UpsertSession);
        for (var i = 0; i < events.Count; i++)
        {
            await transaction.SaveAsync("audit_row", cancellationToken);
            try
            {
                var added = await InsertAsync(insert, events[i], cancellationToken);
                if (events[i].Session is { } session)
                {
                    await UpsertAsync(upsert, session, cancellationToken);
                }

                inserted += added;
            }
            catch (SqliteException ex) when (Classify(ex) == AuditErrorKind.Permanent)
            {
                await transaction.RollbackAsync("audit_row", cancellationToken);
                errors[i] = ex;
            }

            await transaction.ReleaseAsync("audit_row", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new AuditRowResults(inserted, errors);
    }

    public async Task<AuditPruneResult> PruneAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        var at = SqliteTime.Format(cutoff.ToUnixTimeMilliseconds());
        var events = await DeleteAsync(connection, SqliteSchema.PruneEvents, at, limit, cancellationToken);
        var sessions = await DeleteAsync(connection, SqliteSchema.PruneSessions, at, limit, cancellationToken);
        return new AuditPruneResult(events, sessions);
    }

    private static async Task<int> DeleteAsync(SqliteConnection connection, string sql, string cutoff, int limit, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$cutoff", cutoff);
        command.Parameters.AddWithValue("$limit", limit);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public AuditErrorKind Classify(Exception exception) => exception switch
    {
        SqliteException { SqliteErrorCode: SqliteConstraint or SqliteMismatch } => AuditErrorKind.Permanent,
        SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked } => AuditErrorKind.Transient,
        _ => AuditErrorKind.Transient,
    };

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static Task<int> InsertAsync(SqliteCommand command, AuditEvent e, CancellationToken cancellationToken)
    {
        var p = command.Parameters;
        p.Clear();
        p.AddWithValue("$event_id", e.EventId);
        p.AddWithValue("$session_id", e.SessionId.ToString());
        p.AddWithValue("$version", e.Version);
        p.AddWithValue("$event_type", e.EventType);
        p.AddWithValue("$participant_id", (object?)e.ParticipantId?.ToString() ?? DBNull.Value);
        p.AddWithValue("$group_id", (object?)e.GroupId?.ToString() ?? DBNull.Value);
        p.AddWithValue("$time_remaining_ms", (object?)e.TimeRemainingMs ?? DBNull.Value);
        p.AddWithValue("$time_elapsed_ms", (object?)e.TimeElapsedMs ?? DBNull.Value);
        p.AddWithValue("$cycle_number", (object?)e.CycleNumber ?? DBNull.Value);
        p.AddWithValue("$occurred_at", SqliteTime.Format(e.OccurredAtMs));
        p.AddWithValue("$state_snapshot", e.StateJson);
        p.AddWithValue("$metadata", (object?)e.MetadataJson ?? DBNull.Value);
        return command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static Task<int> UpsertAsync(SqliteCommand command, AuditSessionSnapshot s, CancellationToken cancellationToken)
    {
        var p = command.Parameters;
        p.Clear();
        p.AddWithValue("$session_id", s.SessionId.ToString());
        p.AddWithValue("$sync_mode", s.SyncMode);
        p.AddWithValue("$time_per_cycle_ms", (object?)s.TimePerCycleMs ?? DBNull.Value);
        p.AddWithValue("$increment_ms", s.IncrementMs);
        p.AddWithValue("$max_time_ms", (object?)s.MaxTimeMs ?? DBNull.Value);
        p.AddWithValue("$created_at", SqliteTime.Format(s.CreatedAtMs));
        p.AddWithValue("$started_at", (object?)SqliteTime.Format(s.StartedAtMs) ?? DBNull.Value);
        p.AddWithValue("$completed_at", (object?)SqliteTime.Format(s.CompletedAtMs) ?? DBNull.Value);
        p.AddWithValue("$final_status", (object?)s.Status ?? DBNull.Value);
        p.AddWithValue("$total_cycles", s.TotalCycles);
        p.AddWithValue("$total_participants", s.TotalParticipants);
        p.AddWithValue("$metadata", (object?)s.MetadataJson ?? DBNull.Value);
        p.AddWithValue("$last_updated_at", SqliteTime.Format(s.LastUpdatedAtMs));
        p.AddWithValue("$last_version", s.LastVersion);
        return command.ExecuteNonQueryAsync(cancellationToken);
    }
}
