using System.Collections.Concurrent;
using Google.Protobuf;
using Grpc.Core;
using SyncKairos.Gateway.Grpc.Errors;
using SyncKairos.Gateway.Tests.Grpc.Echo;

namespace SyncKairos.Gateway.Tests.Grpc;

/// <summary>
/// The test service behind <see cref="GrpcTestServer"/>, on the gateway's gRPC hosting. It records, per tag,
/// when a handler saw its call cancelled, so tests can prove the server stopped.
/// </summary>
public sealed class EchoTestService : EchoService.EchoServiceBase
{
    public const string ServiceName = "synckairos.test.v1.EchoService";

    private readonly ConcurrentDictionary<string, TaskCompletionSource> cancelled = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> waiting = new();

    /// <summary>Completes when the handler of the call tagged <paramref name="tag"/> observed cancellation.</summary>
    public Task CancelledAsync(string tag) => Signal(cancelled, tag).Task;

    /// <summary>Completes when the handler of the call tagged <paramref name="tag"/> waits for cancellation.</summary>
    public Task WaitingAsync(string tag) => Signal(waiting, tag).Task;

    public override Task<EchoReply> Echo(EchoRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reply = new EchoReply
        {
            Text = request.Text,
            Payload = request.Payload,
            User = context.RequestHeaders.GetValue("x-user") ?? string.Empty,
        };
        if (context.RequestHeaders.GetValueBytes("x-trace-bin") is { } trace)
        {
            reply.Trace = ByteString.CopyFrom(trace);
            reply.HasTrace = true;
        }

        return Task.FromResult(reply);
    }

    public override async Task Count(CountRequest request, IServerStreamWriter<CountReply> writer, ServerCallContext context)
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

    public override Task<EchoReply> Fail(FailRequest request, ServerCallContext context)
    {
        if (request.ThrowPlain)
        {
            throw new InvalidOperationException("a bug with a secret inside");
        }

        if (request.RawStatus != 0)
        {
            throw new RpcException(new Status((StatusCode)request.RawStatus, request.Message));
        }

        IReadOnlyList<GrpcFieldViolation>? violations = request.ErrorCode == "VALIDATION_ERROR"
            ? [new GrpcFieldViolation("participants.0.total_time_ms", "must be at least 1000", "too_small")]
            : null;
        throw GrpcErrorMapping.ToException(request.ErrorCode, request.Message, violations);
    }

    public override async Task<EchoReply> Hang(HangRequest request, ServerCallContext context)
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
