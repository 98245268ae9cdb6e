using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Grpc.Core;
using SyncKairos.Gateway.Grpc;
using SyncKairos.Gateway.Routing;
using SyncKairos.Grains.Abstractions;
using SyncKairos.Grpc.V1;

namespace SyncKairos.Gateway.RateLimiting;

/// <summary>
/// The shared limits for gRPC calls: RESOURCE_EXHAUSTED with <c>RATE_LIMIT_EXCEEDED</c> and a
/// <c>retry-after</c> metadata entry, as the method's endpoint metadata asks (<c>[DisableRateLimiting]</c> on
/// GetServerTime, the twin of /v1/time; the session-switch policy on SwitchCycle).
/// </summary>
public sealed class GrpcRateLimitInterceptor(SharedRateLimiter limiter, ClientIdentity identity) : RequestCheckInterceptor
{
    protected override async ValueTask CheckAsync(object request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = context.GetHttpContext().GetEndpoint();
        if (!limiter.Settings.Enabled || !EndpointRoutes.IsRateLimited(endpoint))
        {
            return;
        }

        // General and switch budgets in one script call, as for REST (the switch one only charged when the general allows).
        var switchSessionId = EndpointRoutes.ChargesSwitchBudget(endpoint) && request is SwitchCycleRequest { SessionId.Length: > 0 } switchCycle
            ? switchCycle.SessionId
            : null;
        var decisions = await limiter.CheckAsync(identity.Resolve(context.GetHttpContext()), switchSessionId, context.CancellationToken);
        foreach (var decision in decisions)
        {
            if (!decision.Allowed)
            {
                Refuse(decision);
            }
        }
    }

    [DoesNotReturn]
    private static void Refuse(RateLimitDecision decision)
    {
        var retryAfter = new Metadata { { RateLimitHeaders.RetryAfter, decision.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture) } };
        throw new RpcException(new Status(StatusCode.ResourceExhausted, ErrorCodes.RATE_LIMIT_EXCEEDED), retryAfter);
    }
}
