using Microsoft.AspNetCore.Diagnostics;

namespace SyncKairos.Gateway.Errors;

/// <summary>
/// Last line of defence: whatever escapes a handler is answered in the error envelope. Store outages are
/// 503 with Retry-After; framework rejections of the request are 400; anything else is a bug: 500, logged
/// here and never described to the client.
/// </summary>
internal sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.Response.HasStarted)
        {
            return false;
        }

        IResult result;
        if (StoreFailures.IsUnavailable(exception))
        {
            LogStoreUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, exception.Message);
            result = ApiErrors.From(StoreFailures.Unavailable, httpContext.Response);
        }
        else if (exception is SyncKairos.Grains.Abstractions.SessionException session)
        {
            result = ApiErrors.From(session);
        }
        else if (exception is BadHttpRequestException bad)
        {
            result = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? ApiErrors.BodyTooLarge() : ApiErrors.MalformedRequest();
        }
        else if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            return true;
        }
        else
        {
            LogUnhandled(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
            result = ApiErrors.Internal();
        }

        await result.ExecuteAsync(httpContext);
        return true;
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "{Method} {Path}: session store unavailable: {Reason}")]
    private static partial void LogStoreUnavailable(ILogger logger, string method, PathString path, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogUnhandled(ILogger logger, string method, PathString path, Exception exception);
}
