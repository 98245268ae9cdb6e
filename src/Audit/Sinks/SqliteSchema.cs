namespace SyncKairos.Audit.Sinks;

/// <summary>
/// The embedded-mode equivalent of migrations/001 and 002: same tables and columns; enums become CHECKed text,
/// jsonb becomes json_valid-CHECKed text, timestamps ISO-8601 UTC text (sortable). One index differs: an event's
/// id is its session and version (the session scripts write <c>{session_id}:{version}</c>), so the unique
/// (session_id, version) index is the idempotency key and event_id has no index of its own. Both keys start
/// with a random session id: every insert lands on some random page of each, and once the file outgrows the
/// page cache each such index costs the write path page reads and WAL pages, the more the bigger the file
/// (docs/BENCHMARKS.md, "Audit store size"). Files made before keep their event_id key; inserts name no conflict
/// target, so either key makes them idempotent.
/// </summary>
internal static class SqliteSchema
{
    public const string Create = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS sync_sessions (
            session_id          TEXT PRIMARY KEY,
            sync_mode           TEXT NOT NULL CHECK (sync_mode IN ('per_participant', 'per_cycle', 'per_group', 'global', 'count_up')),
            time_per_cycle_ms   INTEGER,
            increment_ms        INTEGER NOT NULL DEFAULT 0,
            max_time_ms         INTEGER,
            created_at          TEXT NOT NULL,
            started_at          TEXT,
            completed_at        TEXT,
            final_status        TEXT CHECK (final_status IN ('pending', 'running', 'paused', 'expired', 'completed', 'cancelled')),
            total_cycles        INTEGER NOT NULL DEFAULT 0,
            total_participants  INTEGER NOT NULL DEFAULT 0,
            metadata            TEXT CHECK (metadata IS NULL OR json_valid(metadata)),
            last_updated_at     TEXT NOT NULL,
            last_version        INTEGER NOT NULL CHECK (last_version > 0)
        );
        CREATE TABLE IF NOT EXISTS sync_events (
            event_id            TEXT NOT NULL,
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
        CREATE UNIQUE INDEX IF NOT EXISTS ux_sync_events_session_version ON sync_events (session_id, version);
        DROP INDEX IF EXISTS ix_sync_events_session_version;
        CREATE INDEX IF NOT EXISTS ix_sync_events_occurred_at ON sync_events (occurred_at);
        CREATE INDEX IF NOT EXISTS ix_sync_events_event_type ON sync_events (event_type);
        CREATE INDEX IF NOT EXISTS ix_sync_sessions_created_at ON sync_sessions (created_at);
        """;

    // By rowid from the occurred_at index: small, bounded transactions that hold the write lock briefly.
    public const string PruneEvents = """
        DELETE FROM sync_events WHERE rowid IN (
            SELECT rowid FROM sync_events WHERE occurred_at < $cutoff ORDER BY occurred_at LIMIT $limit)
        """;

    // created_at <= last_updated_at, so the created_at index narrows the scan to sessions old enough.
    public const string PruneSessions = """
        DELETE FROM sync_sessions WHERE rowid IN (
            SELECT rowid FROM sync_sessions WHERE created_at < $cutoff AND last_updated_at < $cutoff
            ORDER BY created_at LIMIT $limit)
        """;

    public const string InsertEvent = """
        INSERT INTO sync_events (event_id, session_id, version, event_type, participant_id, group_id,
            time_remaining_ms, time_elapsed_ms, cycle_number, occurred_at, state_snapshot, metadata)
        VALUES ($event_id, $session_id, $version, $event_type, $participant_id, $group_id,
            $time_remaining_ms, $time_elapsed_ms, $cycle_number, $occurred_at, $state_snapshot, $metadata)
        ON CONFLICT DO NOTHING
        """;

    public const string UpsertSession = """
        INSERT INTO sync_sessions (session_id, sync_mode, time_per_cycle_ms, increment_ms, max_time_ms, created_at,
            started_at, completed_at, final_status, total_cycles, total_participants, metadata, last_updated_at, last_version)
        VALUES ($session_id, $sync_mode, $time_per_cycle_ms, $increment_ms, $max_time_ms, $created_at,
            $started_at, $completed_at, $final_status, $total_cycles, $total_participants, $metadata, $last_updated_at, $last_version)
        ON CONFLICT (session_id) DO UPDATE SET
            sync_mode = excluded.sync_mode,
            time_per_cycle_ms = excluded.time_per_cycle_ms,
            increment_ms = excluded.increment_ms,
            max_time_ms = excluded.max_time_ms,
            started_at = excluded.started_at,
            completed_at = excluded.completed_at,
            final_status = excluded.final_status,
            total_cycles = excluded.total_cycles,
            total_participants = excluded.total_participants,
            metadata = excluded.metadata,
            last_updated_at = excluded.last_updated_at,
            last_version = excluded.last_version
        WHERE sync_sessions.last_version < excluded.last_version
        """;
}
