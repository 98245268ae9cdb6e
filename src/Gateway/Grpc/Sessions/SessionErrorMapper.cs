using System.Globalization;
using Grpc.Core;
using SyncKairos.Gateway.Grpc.Errors;
using SyncKairos.Gateway.RateLimiting;
using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Gateway.Grpc.Sessions;

/// <summary>The engine's refusals and failures as gRPC statuses: for replies here, for exceptions in <see cref="GrpcErrorInterceptor"/>.</summary>
public static class SessionErrorMapper
{
    public static RpcException? Map(Exception exception) => exception switch
    {
        SessionException session => Map(SessionError.From(session)),
        _ when Gateway.Errors.StoreFailures.IsUnavailable(exception) => Map(Gateway.Errors.StoreFailures.Unavailable),
        _ => null,
    };

    public static RpcException Map(SessionError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Code switch
        {
            ErrorCodes.SERVICE_UNAVAILABLE => GrpcErrorMapping.ToException(ErrorCodes.SERVICE_UNAVAILABLE, "Session store unavailable"),
            ErrorCodes.RATE_LIMIT_EXCEEDED => RateLimited(error.RetryAfterSeconds ?? 1),
            _ => GrpcErrorMapping.ToException(
                error.Code,
                error.Message,
                error.Details?.Select(d => new GrpcFieldViolation(d.Field, d.Message, d.Code)).ToList()),
        };
    }

    /// <summary>RESOURCE_EXHAUSTED with <c>RATE_LIMIT_EXCEEDED</c> and a <c>retry-after</c> entry, whichever budget refused.</summary>
    public static RpcException RateLimited(long retryAfterSeconds)
    {
        var retryAfter = new Metadata { { RateLimitHeaders.RetryAfter, retryAfterSeconds.ToString(CultureInfo.InvariantCulture) } };
        return new RpcException(new Status(StatusCode.ResourceExhausted, ErrorCodes.RATE_LIMIT_EXCEEDED), retryAfter);
    }

    /// <summary>The committed state of <paramref name="reply"/>, or its refusal thrown as a gRPC status.</summary>
    public static SessionState StateOrThrow(this SessionReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return reply.Error is { } error ? throw Map(error) : reply.State!;
    }

    /// <summary>Throws the refusal, if there is one, as a gRPC status.</summary>
    public static void ThrowIfRefused(this SessionError? error)
    {
        if (error is not null)
        {
            throw Map(error);
        }
    }
}
