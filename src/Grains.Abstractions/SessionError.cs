namespace SyncKairos.Grains.Abstractions;

/// <summary>A refused command: one of <see cref="ErrorCodes"/>, docs/API.md's message, and field details for VALIDATION_ERROR.</summary>
[GenerateSerializer]
[Immutable]
[Alias("synckairos.SessionError")]
public sealed record SessionError(
    [property: Id(0)] string Code,
    [property: Id(1)] string Message,
    [property: Id(2)] IReadOnlyList<FieldError>? Details = null,
    [property: Id(3)] int? RetryAfterSeconds = null)
{
    public int HttpStatus => ErrorCodes.HttpStatus(Code);

    public SessionException ToException() => new(Code, Message, Details);

    public static SessionError From(SessionException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new SessionError(exception.Code, exception.Message, exception.Details);
    }
}
