/** Error codes of docs/API.md's error envelope, plus the client's own for failures without an envelope. */
export type ErrorCode =
  | 'VALIDATION_ERROR'
  | 'INVALID_STATE_TRANSITION'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'SESSION_NOT_FOUND'
  | 'NOT_FOUND'
  | 'SESSION_ALREADY_EXISTS'
  | 'NOT_ACTIVE_PARTICIPANT'
  | 'RATE_LIMIT_EXCEEDED'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_ERROR'
  /** The request never got a response (connection refused, DNS, aborted). */
  | 'NETWORK_ERROR'
  /** A response without the error envelope (a proxy's page, for example). */
  | 'HTTP_ERROR'
  | (string & {});

/** A failed call: the server's error envelope (`code`, `message`, `details`) and the HTTP status. */
export class SyncKairosError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;
  /** From `Retry-After` (429, 503) when the server sent it. */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string, status: number, details?: unknown, retryAfterSeconds?: number) {
    super(message);
    this.name = 'SyncKairosError';
    this.code = code;
    this.status = status;
    this.details = details;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
