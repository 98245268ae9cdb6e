-- SyncKairos audit schema. Additive only: safe to run against a live database.
-- Types are created inside DO blocks because PostgreSQL 15 has no CREATE TYPE IF NOT EXISTS.
DO $$
BEGIN
    CREATE TYPE sync_mode AS ENUM ('per_participant', 'per_cycle', 'per_group', 'global', 'count_up');
EXCEPTION
    WHEN duplicate_object THEN NULL;
END
$$;

DO $$
BEGIN
    CREATE TYPE sync_status AS ENUM ('pending', 'running', 'paused', 'expired', 'completed', 'cancelled');
EXCEPTION
    WHEN duplicate_object THEN NULL;
END
$$;

CREATE TABLE IF NOT EXISTS sync_sessions (
    session_id          uuid PRIMARY KEY,
    sync_mode           sync_mode NOT NULL,
    time_per_cycle_ms   bigint,
    increment_ms        bigint NOT NULL DEFAULT 0,
    max_time_ms         bigint,
    created_at          timestamptz NOT NULL,
    started_at          timestamptz,
    completed_at        timestamptz,
    -- The status as of last_version; final once the session completed, expired, was cancelled or deleted.
    final_status        sync_status,
    total_cycles        integer NOT NULL DEFAULT 0,
    total_participants  integer NOT NULL DEFAULT 0,
    metadata            jsonb,
    last_updated_at     timestamptz NOT NULL,
    last_version        bigint NOT NULL CHECK (last_version > 0)
);

CREATE TABLE IF NOT EXISTS sync_events (
    event_id            text PRIMARY KEY,
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
    metadata            jsonb
);
