/** A failed call: the server's error envelope (`code`, `message`, `details`) and the HTTP status. */
export class SyncKairosError extends Error {
    code;
    status;
    details;
    /** From `Retry-After` (429, 503) when the server sent it. */
    retryAfterSeconds;
    constructor(code, message, status, details, retryAfterSeconds) {
        super(message);
        this.name = 'SyncKairosError';
        this.code = code;
        this.status = status;
        this.details = details;
        this.retryAfterSeconds = retryAfterSeconds;
    }
}
