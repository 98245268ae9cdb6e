using System.Globalization;
using SyncKairos.Gateway.Grpc;
using SyncKairos.Gateway.Grpc.Sessions;
using SyncKairos.Gateway.Routing;
using SyncKairos.Grains.Abstractions;
using SyncKairos.Grpc.V1;

namespace SyncKairos.Gateway.RateLimiting;

/// <summary>
/// The shared limits for gRPC calls: RESOURCE_EXHAUSTED with <c>RATE_LIMIT_EXCEEDED</c> and a
/// <c>retry-after</c> response header. Methods marked <c>[DisableRateLimiting]</c> (GetServerTime, the twin of
/// /v1/time) are not counted. The switch
/// limit needs the session id from the message, so it runs from the SwitchCycle handler.
/// </summary>
public sealed class GrpcRateLimitFilter(SharedRateLimiter limiter, ClientIdentity identity) : IGrpcCallFilter, IGrpcSwitchGuard
{
    public async ValueTask OnCallAsync(GrpcServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!limiter.Settings.Enabled || !EndpointRoutes.IsRateLimited(context.HttpContext.GetEndpoint()))
        {
            return;
        }

        var decision = await limiter.CheckGeneralAsync(identity.Resolve(context.HttpContext), context.CancellationToken);
        Refuse(context, decision);
    }

    public async ValueTask CheckSwitchAsync(GrpcServerCallContext context, SwitchCycleRequest request)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        if (!limiter.Settings.Enabled || string.IsNullOrEmpty(request.SessionId))
        {
            return;
        }

        Refuse(context, await limiter.CheckSwitchAsync(request.SessionId, context.CancellationToken));
    }

    private static void Refuse(GrpcServerCallContext context, RateLimitDecision decision)
    {
        if (decision.Allowed)
        {
            return;
        }

        context.HttpContext.Response.Headers[RateLimitHeaders.RetryAfter] = decision.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        throw new GrpcException(GrpcStatusCode.ResourceExhausted, ErrorCodes.RATE_LIMIT_EXCEEDED);
    }
}
