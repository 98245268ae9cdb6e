using Grpc.Core;
using SyncKairos.Gateway.Grpc.Errors;
using SyncKairos.Gateway.Routing;
using SyncKairos.Gateway.Security;
using SyncKairos.Grains.Abstractions;
using SyncKairos.Grpc.V1;

namespace SyncKairos.Gateway.Grpc.Sessions;

public sealed partial class SyncKairosGrpcService
{
    /// <summary>
    /// SNAPSHOT first, then every newer committed state as UPDATE (older or repeated versions are skipped),
    /// SNAPSHOT again after a resync, DELETED and the end of the stream when the session is deleted.
    /// </summary>
    [SessionRoute(SessionOperation.Read)]
    public override async Task WatchSession(WatchSessionRequest request, IServerStreamWriter<WatchSessionResponse> writer, ServerCallContext context)
    {
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        try
        {
            await WatchAsync(request, writer, watching.Token);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw GrpcErrorMapping.ToException(ErrorCodes.SERVICE_UNAVAILABLE, "Server shutting down");
        }
    }

    private async Task WatchAsync(
        WatchSessionRequest request, IServerStreamWriter<WatchSessionResponse> writer, CancellationToken cancellationToken)
    {
        var sessionId = request.SessionId;
        if (!SessionValidator.IsUuid(sessionId))
        {
            throw SessionException.NotFound(sessionId);
        }

        // Subscribing answers the state in the same turn: a change committed after it arrives as a newer version.
        var watcher = new GrpcWatcher();
        var state = await subscriptions.JoinAsync(sessionId, watcher, cancellationToken);
        try
        {
            if (state is null)
            {
                throw SessionException.NotFound(sessionId);
            }

            await writer.WriteAsync(Event(WatchEventType.Snapshot, state), cancellationToken);
            var version = state.Version;
            await foreach (var update in watcher.Updates.ReadAllAsync(cancellationToken))
            {
                switch (update)
                {
                    case { Kind: SessionUpdateKind.Deleted } or { Kind: SessionUpdateKind.Resync, State: null }:
                        await writer.WriteAsync(Event(WatchEventType.Deleted, null), cancellationToken);
                        return;
                    case { Kind: SessionUpdateKind.Resync, State: { } current }:
                        await writer.WriteAsync(Event(WatchEventType.Snapshot, current), cancellationToken);
                        version = current.Version;
                        break;
                    case { Kind: SessionUpdateKind.State, State: { } pushed } when pushed.Version > version:
                        await writer.WriteAsync(Event(WatchEventType.Update, pushed), cancellationToken);
                        version = pushed.Version;
                        break;
                }
            }
        }
        finally
        {
            await subscriptions.LeaveAsync(sessionId, watcher);
        }
    }

    private WatchSessionResponse Event(WatchEventType type, SessionState? state)
    {
        var now = NowMs;
        var response = new WatchSessionResponse { Type = type, TimestampMs = now };
        if (state is not null)
        {
            response.State = SessionProtoMapper.ToProto(state, now);
        }

        return response;
    }
}
