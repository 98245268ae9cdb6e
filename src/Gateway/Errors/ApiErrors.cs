using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using SyncKairos.Gateway.RateLimiting;
using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Gateway.Errors;

/// <summary>Builds the error responses of docs/API.md; every message text lives here or in SyncKairos.Grains.Abstractions.</summary>
public static class ApiErrors
{
    public const string ValidationMessage = "Request validation failed";

    /// <summary>Seconds a client should wait before retrying when Redis is unreachable.</summary>
    public const int RetryAfterSeconds = 1;

    public const string TooManyRequestsMessage = "Too many requests, retry later";

    public static JsonHttpResult<ErrorEnvelope> Error(int status, string code, string message, object? details = null) =>
        TypedResults.Json(new ErrorEnvelope(new ErrorBody(code, message, details)), statusCode: status);

    public static JsonHttpResult<ErrorEnvelope> Validation(string field, string message, string code) =>
        Error(
            StatusCodes.Status400BadRequest,
            GatewayErrorCodes.ValidationError,
            ValidationMessage,
            new[] { new ValidationDetail(field, message, code) });

    /// <summary>A request whose framing Kestrel rejected (bad chunk sizes, headers, a body cut short).</summary>
    public static JsonHttpResult<ErrorEnvelope> MalformedRequest() => Validation("body", "Malformed request", "invalid_request");

    public static JsonHttpResult<ErrorEnvelope> BodyTooLarge() =>
        Validation("body", $"Request body must not exceed {JsonBody.MaxBytes} bytes", "too_big");

    /// <summary>A failure with one of docs/API.md's codes, at the status docs/API.md gives that code.</summary>
    public static JsonHttpResult<ErrorEnvelope> From(SessionException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var details = exception.Details?.Select(d => new ValidationDetail(d.Field, d.Message, d.Code)).ToArray();
        return Error(exception.HttpStatus, exception.Code, exception.Message, details);
    }

    /// <summary>
    /// A refused session command, answered as REST answers it whichever layer refused: 503 and 429 tell the
    /// client when to retry (<c>Retry-After</c>), and 503 keeps the gateway's own text whatever the engine said.
    /// </summary>
    public static JsonHttpResult<ErrorEnvelope> From(SessionError error, HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(response);
        switch (error.Code)
        {
            case ErrorCodes.SERVICE_UNAVAILABLE:
                response.Headers.RetryAfter = (error.RetryAfterSeconds ?? RetryAfterSeconds).ToString(CultureInfo.InvariantCulture);
                return ServiceUnavailable();
            case ErrorCodes.RATE_LIMIT_EXCEEDED:
                var retryAfter = error.RetryAfterSeconds ?? 1;
                response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                return Error(StatusCodes.Status429TooManyRequests, error.Code, TooManyRequestsMessage, new RetryAfterDetails(retryAfter));
            default:
                var details = error.Details?.Select(d => new ValidationDetail(d.Field, d.Message, d.Code)).ToArray();
                return Error(error.HttpStatus, error.Code, error.Message, details);
        }
    }

    public static JsonHttpResult<ErrorEnvelope> RouteNotFound(HttpRequest request) =>
        Error(StatusCodes.Status404NotFound, GatewayErrorCodes.NotFound, $"Route {request.Method} {request.Path} not found");

    public static JsonHttpResult<ErrorEnvelope> ServiceUnavailable() =>
        Error(StatusCodes.Status503ServiceUnavailable, GatewayErrorCodes.ServiceUnavailable, "Session store unavailable, retry later");

    /// <summary>The gateway refuses work it could not finish in time (ADR 0020); the client retries like for an outage.</summary>
    public static JsonHttpResult<ErrorEnvelope> Overloaded() =>
        Error(StatusCodes.Status503ServiceUnavailable, GatewayErrorCodes.ServiceUnavailable, "Server overloaded, retry later");

    public static JsonHttpResult<ErrorEnvelope> Internal() =>
        Error(StatusCodes.Status500InternalServerError, GatewayErrorCodes.InternalError, "Internal server error");
}
