namespace SyncKairos.Grains.Abstractions;

/// <summary>The error codes of docs/API.md, defined once.</summary>
public static class ErrorCodes
{
    public const string VALIDATION_ERROR = "VALIDATION_ERROR";
    public const string INVALID_STATE_TRANSITION = "INVALID_STATE_TRANSITION";
    public const string SESSION_NOT_FOUND = "SESSION_NOT_FOUND";
    public const string SESSION_ALREADY_EXISTS = "SESSION_ALREADY_EXISTS";
    public const string NOT_ACTIVE_PARTICIPANT = "NOT_ACTIVE_PARTICIPANT";
    public const string NOT_FOUND = "NOT_FOUND";
    public const string UNAUTHORIZED = "UNAUTHORIZED";
    public const string FORBIDDEN = "FORBIDDEN";
    public const string RATE_LIMIT_EXCEEDED = "RATE_LIMIT_EXCEEDED";
    public const string SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE";
    public const string INTERNAL_ERROR = "INTERNAL_ERROR";

    /// <summary>The message docs/API.md gives VALIDATION_ERROR responses.</summary>
    public const string ValidationFailedMessage = "Request validation failed";

    private static readonly HashSet<string> Known =
    [
        VALIDATION_ERROR, INVALID_STATE_TRANSITION, SESSION_NOT_FOUND, SESSION_ALREADY_EXISTS,
        NOT_ACTIVE_PARTICIPANT, NOT_FOUND, UNAUTHORIZED, FORBIDDEN, RATE_LIMIT_EXCEEDED,
        SERVICE_UNAVAILABLE, INTERNAL_ERROR,
    ];

    public static bool IsKnown(string code) => Known.Contains(code);

    /// <summary>The HTTP status docs/API.md assigns to a code.</summary>
    public static int HttpStatus(string code) => code switch
    {
        VALIDATION_ERROR or INVALID_STATE_TRANSITION => 400,
        UNAUTHORIZED => 401,
        FORBIDDEN => 403,
        SESSION_NOT_FOUND or NOT_FOUND => 404,
        SESSION_ALREADY_EXISTS or NOT_ACTIVE_PARTICIPANT => 409,
        RATE_LIMIT_EXCEEDED => 429,
        SERVICE_UNAVAILABLE => 503,
        _ => 500,
    };
}
