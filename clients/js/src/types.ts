/** Wire types of the SyncKairos v1 contract (docs/API.md). Field names are the JSON names. */

export type SyncMode = 'per_participant' | 'per_cycle' | 'per_group' | 'global' | 'count_up';
export type SessionStatus = 'pending' | 'running' | 'paused' | 'expired' | 'completed' | 'cancelled';
export type ExpiryPolicy = 'end_session' | 'next_participant';

export interface Participant {
  participant_id: string;
  participant_index: number;
  /** Budget of the clock this participant runs on, as of the last commit. */
  total_time_ms: number;
  time_used_ms: number;
  /** Calculated by the server when it rendered the state; use clockView for the live value. */
  time_remaining_ms: number;
  cycle_count: number;
  is_active: boolean;
  has_expired: boolean;
  group_id?: string;
}

export interface Group {
  group_id: string;
  time_used_ms: number;
  time_remaining_ms: number;
  has_expired: boolean;
}

export interface SyncState {
  session_id: string;
  sync_mode: SyncMode;
  status: SessionStatus;
  version: number;
  participants: Participant[];
  active_participant_id: string | null;
  total_time_ms: number;
  time_per_cycle_ms: number | null;
  cycle_started_at: string | null;
  session_started_at: string | null;
  session_completed_at: string | null;
  increment_ms: number;
  max_time_ms?: number;
  created_at: string;
  updated_at: string;
  delay_ms: number;
  expiry_policy: ExpiryPolicy;
  deadline_at: string | null;
  groups?: Group[];
  metadata?: unknown;
}

export interface ParticipantInput {
  participant_id: string;
  participant_index: number;
  total_time_ms: number;
  group_id?: string;
}

export interface CreateSessionRequest {
  session_id: string;
  sync_mode: SyncMode;
  participants: ParticipantInput[];
  total_time_ms: number;
  time_per_cycle_ms?: number;
  max_time_ms?: number;
  increment_ms?: number;
  delay_ms?: number;
  expiry_policy?: ExpiryPolicy;
  metadata?: unknown;
}

export interface SwitchRequest {
  next_participant_id?: string;
  expected_active_participant_id?: string;
  request_id?: string;
}

export interface SwitchResult {
  session_id: string;
  active_participant_id: string | null;
  cycle_started_at: string | null;
  participants: Participant[];
  status: SessionStatus;
  expired_participant_id?: string;
  version: number;
}

export interface ServerTime {
  timestamp_ms: number;
  server_version: string;
  drift_tolerance_ms: number;
}

export interface SessionEvent {
  event_id: string;
  session_id: string;
  version: number;
  event_type: string;
  participant_id: string | null;
  group_id?: string;
  time_remaining_ms: number | null;
  time_elapsed_ms: number | null;
  cycle_number: number | null;
  occurred_at: string;
  state: unknown;
  metadata?: unknown;
}

export interface EventsQuery {
  after_version?: number;
  limit?: number;
}

export interface ReadyStatus {
  status: 'ready' | 'not_ready';
  error?: string;
}

export interface FieldErrorDetail {
  field: string;
  message: string;
  code: string;
}
