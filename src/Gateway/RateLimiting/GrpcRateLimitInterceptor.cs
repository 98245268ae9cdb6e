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

        Refuse(await limiter.CheckGeneralAsync(identity.Resolve(context.GetHttpContext()), context.CancellationToken));
        if (request is SwitchCycleRequest { SessionId.Length: > 0 } switchCycle)
        {
            Refuse(await limiter.CheckSwitchAsync(switchCycle.SessionId, context.CancellationToken));
        }
    }

    private static void Refuse(RateLimitDecision decision)
    {
        if (decision.Allowed)
        {
            return;
        }

        var retryAfter = new Metadata { { RateLimitHeaders.RetryAfter, decision.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture) } };
        throw new RpcException(new Status(StatusCode.ResourceExhausted, ErrorCodes.RATE_LIMIT_EXCEEDED), retryAfter);
    }
}
