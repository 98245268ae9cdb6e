using Microsoft.AspNetCore.Http.HttpResults;
using SyncKairos.Gateway.Errors;
using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Gateway.Security;

/// <summary>The 401 / 403 envelopes of docs/API.md.</summary>
public static class SecurityErrors
{
    public static JsonHttpResult<ErrorEnvelope> Unauthorized() =>
        ApiErrors.Error(StatusCodes.Status401Unauthorized, ErrorCodes.UNAUTHORIZED, "A valid bearer token is required");

    public static JsonHttpResult<ErrorEnvelope> Forbidden(string message) =>
        ApiErrors.Error(StatusCodes.Status403Forbidden, ErrorCodes.FORBIDDEN, message);

    public const string MissingScope = "The token does not allow this operation";

    public const string NotActive = "The participant of this token is not the active participant";

    public const string OriginNotAllowed = "Origin not allowed";
}
