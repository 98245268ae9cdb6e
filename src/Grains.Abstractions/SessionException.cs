namespace SyncKairos.Grains.Abstractions;

/// <summary>A request failed with one of our <see cref="ErrorCodes"/>; the message is docs/API.md's.</summary>
public sealed class SessionException : Exception
{
    public SessionException(string code, string message, IReadOnlyList<FieldError>? details = null)
        : base(message)
    {
        Code = code;
        Details = details;
    }

    public string Code { get; }

    public IReadOnlyList<FieldError>? Details { get; }

    public int HttpStatus => ErrorCodes.HttpStatus(Code);

    public static SessionException Validation(IReadOnlyList<FieldError> details) =>
        new(ErrorCodes.VALIDATION_ERROR, ErrorCodes.ValidationFailedMessage, details);

    public static SessionException NotFound(string sessionId) =>
        new(ErrorCodes.SESSION_NOT_FOUND, $"Session {sessionId} not found");
}
