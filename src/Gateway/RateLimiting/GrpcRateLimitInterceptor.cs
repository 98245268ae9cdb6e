using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Grpc.Core;
using SyncKairos.Gateway.Grpc;
using SyncKairos.Gateway.Grpc.Sessions;
using SyncKairos.Gateway.Routing;
using SyncKairos.Grains.Abstractions;
using SyncKairos.Grpc.V1;

namespace SyncKairos.Gateway.RateLimiting;

/// <summary>
/// The shared general limit for gRPC calls: RESOURCE_EXHAUSTED with <c>RATE_LIMIT_EXCEEDED</c> and a
/// <c>retry-after</c> metadata entry, as the method's endpoint metadata asks (<c>[DisableRateLimiting]</c> on
/// GetServerTime, the twin of /v1/time).
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

        var decision = await limiter.CheckGeneralAsync(identity.Resolve(context.GetHttpContext()), context.CancellationToken);
        if (!decision.Allowed)
        {
            Refuse(decision);
        }
    }

    [DoesNotReturn]
    private static void Refuse(RateLimitDecision decision) => throw SessionErrorMapper.RateLimited(decision.RetryAfterSeconds);
}
