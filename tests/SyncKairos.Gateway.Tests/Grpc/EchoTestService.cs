using System.Collections.Concurrent;
using Google.Protobuf;
using SyncKairos.Gateway.Grpc;
using SyncKairos.Gateway.Grpc.Errors;
using SyncKairos.Gateway.Tests.Grpc.Echo;

namespace SyncKairos.Gateway.Tests.Grpc;

/// <summary>
/// The test service behind <see cref="GrpcTestServer"/>, registered through <see cref="GrpcServiceRouter"/>.
/// It records, per tag, when a handler saw its call cancelled, so tests can prove the server stopped.
/// </summary>
public sealed class EchoTestService
{
    public const string ServiceName = "synckairos.test.v1.EchoService";

    private readonly ConcurrentDictionary<string, TaskCompletionSource> cancelled = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> waiting = new();

    /// <summary>Completes when the handler of the call tagged <paramref name="tag"/> observed cancellation.</summary>
    public Task CancelledAsync(string tag) => Signal(cancelled, tag).Task;

    /// <summary>Completes when the handler of the call tagged <paramref name="tag"/> waits for cancellation.</summary>
    public Task WaitingAsync(string tag) => Signal(waiting, tag).Task;

    public GrpcServiceRouter CreateRouter()
    {
        var router = new GrpcServiceRouter(ServiceName);
        router.AddCallFilter(RefuseWithoutAuthorization);
        router.MapUnary<EchoRequest, EchoReply>("Echo", EchoRequest.Parser, EchoAsync);
        router.MapServerStreaming<CountRequest, CountReply>("Count", CountRequest.Parser, CountAsync);
        router.MapUnary<FailRequest, EchoReply>("Fail", FailRequest.Parser, FailAsync);
        router.MapUnary<HangRequest, EchoReply>("Hang", HangRequest.Parser, HangAsync);
        return router;
    }

    /// <summary>Stands in for the gateway's authentication: a call sending <c>x-require-auth</c> needs <c>authorization</c>.</summary>
    private static ValueTask RefuseWithoutAuthorization(GrpcServerCallContext context)
    {
        if (context.RequestMetadata.GetString("x-require-auth") is null)
        {
            return ValueTask.CompletedTask;
        }

        return context.RequestMetadata.GetString("authorization") switch
        {
            null => throw GrpcErrorMapping.ToException("UNAUTHORIZED", "Missing bearer token"),
            "Bearer reader" => throw GrpcErrorMapping.ToException("FORBIDDEN", "Not allowed"),
            _ => ValueTask.CompletedTask,
        };
    }

    private static Task<EchoReply> EchoAsync(EchoRequest request, GrpcServerCallContext context)
    {
        var reply = new EchoReply
        {
            Text = request.Text,
            Payload = request.Payload,
            User = context.RequestMetadata.GetString("x-user") ?? string.Empty,
        };
        if (context.RequestMetadata.TryGetBytes("x-trace-bin", out var trace))
        {
            reply.Trace = ByteString.CopyFrom(trace);
            reply.HasTrace = true;
        }

        return Task.FromResult(reply);
    }

    private async Task CountAsync(CountRequest request, IGrpcStreamWriter<CountReply> writer, GrpcServerCallContext context)
    {
        for (var i = 0; i < request.Count; i++)
        {
            await writer.WriteAsync(new CountReply { Index = i }, context.CancellationToken);
        }

        if (request.HangAfter)
        {
            await WaitForCancellationAsync(request.Tag, context.CancellationToken);
        }
    }

    private static Task<EchoReply> FailAsync(FailRequest request, GrpcServerCallContext context)
    {
        if (request.ThrowPlain)
        {
            throw new InvalidOperationException("a bug with a secret inside");
        }

        if (request.RawStatus != 0)
        {
            throw new GrpcException((GrpcStatusCode)request.RawStatus, request.Message);
        }

        IReadOnlyList<GrpcFieldViolation>? violations = request.ErrorCode == "VALIDATION_ERROR"
            ? [new GrpcFieldViolation("participants.0.total_time_ms", "must be at least 1000", "too_small")]
            : null;
        throw GrpcErrorMapping.ToException(request.ErrorCode, request.Message, violations);
    }

    private async Task<EchoReply> HangAsync(HangRequest request, GrpcServerCallContext context)
    {
        await WaitForCancellationAsync(request.Tag, context.CancellationToken);
        return new EchoReply();
    }

    private async Task WaitForCancellationAsync(string tag, CancellationToken cancellationToken)
    {
        try
        {
            Signal(waiting, tag).TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Signal(cancelled, tag).TrySetResult();
            throw;
        }
    }

    private static TaskCompletionSource Signal(ConcurrentDictionary<string, TaskCompletionSource> signals, string tag) =>
        signals.GetOrAdd(tag, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
