using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Grpc.Core;
using Grpc.Core.Interceptors;
using SyncKairos.Grains.Abstractions;
using SyncKairos.Grpc.V1;

namespace SyncKairos.Gateway.RateLimiting;

/// <summary>
/// The shared limits for gRPC calls: RESOURCE_EXHAUSTED with <c>RATE_LIMIT_EXCEEDED</c> and a
/// <c>retry-after</c> metadata entry. GetServerTime is the twin of /v1/time and is not counted; a SwitchCycle
/// also spends its session's switch budget.
/// </summary>
public sealed class GrpcRateLimitInterceptor(SharedRateLimiter limiter, ClientIdentity identity) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        await CheckAsync(request, context);
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        await CheckAsync(request, context);
        await continuation(request, responseStream, context);
    }

    private async ValueTask CheckAsync(object request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!limiter.Settings.Enabled || request is GetServerTimeRequest)
        {
            return;
        }

        // General and switch budgets in one script call, as for REST (the switch one only charged when the general allows).
        var switchSessionId = request is SwitchCycleRequest { SessionId.Length: > 0 } switchCycle ? switchCycle.SessionId : null;
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
