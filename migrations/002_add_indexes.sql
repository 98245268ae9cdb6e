-- Read paths: a session's history in version order, time-range scans, per-type reports, recent sessions.
CREATE INDEX IF NOT EXISTS ix_sync_events_session_version ON sync_events (session_id, version);
CREATE INDEX IF NOT EXISTS ix_sync_events_occurred_at ON sync_events (occurred_at);
CREATE INDEX IF NOT EXISTS ix_sync_events_event_type ON sync_events (event_type);
CREATE INDEX IF NOT EXISTS ix_sync_sessions_created_at ON sync_sessions (created_at);
