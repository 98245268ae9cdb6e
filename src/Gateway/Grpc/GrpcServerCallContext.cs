using Microsoft.AspNetCore.Http;

namespace SyncKairos.Gateway.Grpc;

/// <summary>What a handler may know of its call.</summary>
public sealed class GrpcServerCallContext
{
    internal GrpcServerCallContext(HttpContext httpContext, string method, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        HttpContext = httpContext;
        Method = method;
        Deadline = deadline;
        CancellationToken = cancellationToken;
        RequestMetadata = new GrpcMetadata(httpContext.Request.Headers);
    }

    /// <summary>The full method name, e.g. <c>/synckairos.v1.SyncKairos/GetSession</c>.</summary>
    public string Method { get; }

    /// <summary>When the client's <c>grpc-timeout</c> runs out; <see cref="DateTimeOffset.MaxValue"/> without one.</summary>
    public DateTimeOffset Deadline { get; }

    /// <summary>Cancelled when the client cancels (RST_STREAM, disconnect) or the deadline passes.</summary>
    public CancellationToken CancellationToken { get; }

    public GrpcMetadata RequestMetadata { get; }

    public HttpContext HttpContext { get; }
}
