using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using SyncKairos.Gateway.Errors;
using SyncKairos.Gateway.RateLimiting;

namespace SyncKairos.Gateway.Security;

/// <summary>
/// Enforces <see cref="RequestLimitSettings"/> in the API's envelope: 414 for an over-long request target,
/// 431 for too many or too large headers, both with code VALIDATION_ERROR (docs/API.md has no code of its own
/// for them). Kestrel, configured above these limits, would otherwise answer with an empty body.
/// gRPC calls are left to Kestrel's limits: a JSON body means nothing to a gRPC client.
/// </summary>
public sealed class RequestLimitMiddleware(RequestDelegate next, IOptions<RequestLimitSettings> settings)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (RateLimitMiddleware.IsGrpc(context.Request))
        {
            await next(context);
            return;
        }

        var limits = settings.Value;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? string.Concat(context.Request.Path.Value, context.Request.QueryString.Value);
        if (target.Length > limits.MaxRequestTargetBytes)
        {
            await Refuse(context, StatusCodes.Status414UriTooLong, "url", $"Request target must not exceed {limits.MaxRequestTargetBytes} bytes");
            return;
        }

        var headers = context.Request.Headers;
        if (headers.Count > limits.MaxHeaderCount)
        {
            await Refuse(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "headers", $"At most {limits.MaxHeaderCount} request headers are allowed");
            return;
        }

        if (HeaderBytes(headers) > limits.MaxHeaderBytes)
        {
            await Refuse(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "headers", $"Request headers must not exceed {limits.MaxHeaderBytes} bytes");
            return;
        }

        await next(context);
    }

    /// <summary>What the header lines take on the wire: <c>name: value\r\n</c> per value.</summary>
    internal static long HeaderBytes(IHeaderDictionary headers)
    {
        long total = 0;
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                total += name.Length + 4 + (value?.Length ?? 0);
            }
        }

        return total;
    }

    private static Task Refuse(HttpContext context, int status, string field, string message) =>
        ApiErrors.Error(status, GatewayErrorCodes.ValidationError, ApiErrors.ValidationMessage, new[] { new ValidationDetail(field, message, "too_big") })
            .ExecuteAsync(context);
}
