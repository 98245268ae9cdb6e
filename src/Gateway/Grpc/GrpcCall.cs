using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SyncKairos.Gateway.Grpc;

/// <summary>
/// One gRPC call on one HTTP/2 stream: checks the request, runs the method under the call's
/// cancellation (client reset or deadline) and ends the stream with exactly one status.
/// Writes and the final status are serialized by <see cref="writeLock"/>; the deadline timer may
/// end the call while the handler still runs.
/// </summary>
internal sealed partial class GrpcCall
{
    // TimeProvider timers take at most uint.MaxValue - 1 ms; a longer timeout is as good as none.
    private static readonly TimeSpan MaxTimerDueTime = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly HttpContext http;
    private readonly GrpcMethod method;
    private readonly GrpcServiceRouter? router;
    private readonly ILogger logger;
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly Lock gate = new();
    private readonly CancellationTokenSource callCancellation;
    private Task? deadlineTask;
    private bool finished;
    private volatile bool deadlineExceeded;
    private bool statusWritten;
    private bool messageWritten;

    private GrpcCall(HttpContext http, GrpcMethod method, GrpcServiceRouter? router)
    {
        this.http = http;
        this.method = method;
        this.router = router;
        logger = http.RequestServices.GetService<ILoggerFactory>()?.CreateLogger("SyncKairos.Gateway.Grpc")
            ?? NullLogger.Instance;
        callCancellation = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
    }

    private int MaxReceiveMessageSize => router?.MaxReceiveMessageSize ?? GrpcProtocol.DefaultMaxReceiveMessageSize;

    public static async Task ExecuteAsync(HttpContext http, GrpcMethod method, GrpcServiceRouter? router)
    {
        if (!CheckRequest(http))
        {
            return;
        }

        var call = new GrpcCall(http, method, router);
        try
        {
            await call.RunAsync();
        }
        finally
        {
            call.callCancellation.Dispose();
            call.writeLock.Dispose();
        }
    }

    /// <summary>Answers requests that are not gRPC over HTTP/2 with plain HTTP statuses.</summary>
    private static bool CheckRequest(HttpContext http)
    {
        var response = http.Response;
        if (!HttpProtocol.IsHttp2(http.Request.Protocol) && !HttpProtocol.IsHttp3(http.Request.Protocol))
        {
            response.StatusCode = StatusCodes.Status426UpgradeRequired;
            response.Headers.Connection = "Upgrade";
            response.Headers.Upgrade = "HTTP/2";
            SetStatusHeaders(response.Headers, GrpcStatusCode.Internal, "Request protocol must be HTTP/2.", details: null);
            return false;
        }

        var contentType = http.Request.ContentType;
        if (contentType is null || !contentType.StartsWith(GrpcProtocol.ContentType, StringComparison.OrdinalIgnoreCase))
        {
            response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            SetStatusHeaders(response.Headers, GrpcStatusCode.Internal, $"Content-Type '{contentType}' is not supported.", details: null);
            return false;
        }

        return true;
    }

    private async Task RunAsync()
    {
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcProtocol.ContentType;
        response.Headers[GrpcProtocol.AcceptEncodingHeader] = GrpcProtocol.SupportedEncodings;

        var time = http.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;
        var deadline = DateTimeOffset.MaxValue;
        ITimer? deadlineTimer = null;
        if (TryGetTimeout(out var timeout))
        {
            deadline = timeout < DateTimeOffset.MaxValue - time.GetUtcNow() ? time.GetUtcNow() + timeout : DateTimeOffset.MaxValue;
            if (timeout <= MaxTimerDueTime)
            {
                deadlineTimer = time.CreateTimer(static state => ((GrpcCall)state!).OnDeadline(), this, timeout, Timeout.InfiniteTimeSpan);
            }
        }

        var context = new GrpcServerCallContext(http, method.FullName, deadline, callCancellation.Token);
        try
        {
            if (router is not null)
            {
                await router.RunCallFiltersAsync(context);
            }

            await method.InvokeAsync(this, context);
            await CompleteAsync(GrpcStatusCode.OK, null, null);
        }
        catch (Exception ex)
        {
            await FailAsync(ex);
        }
        finally
        {
            Task? pending;
            lock (gate)
            {
                finished = true;
                pending = deadlineTask;
            }

            if (deadlineTimer is not null)
            {
                await deadlineTimer.DisposeAsync();
            }

            if (pending is not null)
            {
                await pending;
            }
        }
    }

    private bool TryGetTimeout(out TimeSpan timeout)
    {
        timeout = default;
        var header = http.Request.Headers[GrpcProtocol.TimeoutHeader].ToString();
        if (header.Length == 0)
        {
            return false;
        }

        if (GrpcTimeout.TryParse(header, out timeout))
        {
            return true;
        }

        Log.InvalidTimeout(logger, header, method.FullName);
        return false;
    }

    private void OnDeadline()
    {
        lock (gate)
        {
            if (finished)
            {
                return;
            }

            // Off the timer thread and outside the lock: cancelling runs the handler's callbacks.
            deadlineTask = Task.Run(DeadlineExceededAsync);
        }
    }

    private async Task DeadlineExceededAsync()
    {
        deadlineExceeded = true;
        Log.DeadlineExceeded(logger, method.FullName);
        try
        {
            // First cancel, so that a write stuck on flow control gives the write lock up.
            await callCancellation.CancelAsync();
        }
        catch (AggregateException)
        {
            // A handler's cancellation callback threw; the call ends with DEADLINE_EXCEEDED all the same.
        }

        if (await CompleteAsync(GrpcStatusCode.DeadlineExceeded, "Deadline Exceeded", null))
        {
            // The status is out; NO_ERROR tells the client to stop sending the request, as grpc-dotnet does.
            http.Features.Get<IHttpResetFeature>()?.Reset(0);
        }
    }

    private async Task FailAsync(Exception exception)
    {
        if (deadlineExceeded)
        {
            return;
        }

        if (http.RequestAborted.IsCancellationRequested)
        {
            Log.CallCancelled(logger, method.FullName);
            return;
        }

        var grpc = exception as GrpcException ?? router?.MapException(exception);
        if (grpc is null)
        {
            Log.HandlerFailed(logger, method.FullName, exception);
            grpc = new GrpcException(GrpcStatusCode.Unknown, "Exception was thrown by handler.");
        }
        else
        {
            Log.CallFailed(logger, method.FullName, grpc.StatusCode, grpc.StatusMessage);
        }

        await CompleteAsync(grpc.StatusCode, grpc.StatusMessage, grpc.Details);
    }
}
