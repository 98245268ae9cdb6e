using System.Threading.Channels;
using Grpc.Core;
using SyncKairos.Gateway.Grpc.Errors;
using SyncKairos.Gateway.Routing;
using SyncKairos.Gateway.Security;
using SyncKairos.Grains.Abstractions;
using SyncKairos.Grpc.V1;

namespace SyncKairos.Gateway.Grpc.Sessions;

public sealed partial class SyncKairosGrpcService
{
    // Each update carries the whole state, so a watcher that cannot keep up loses intermediate states
    // only, never the latest one nor the deletion (the newest entries are kept).
    private const int WatchQueueCapacity = 64;

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
            await WatchAsync(request, writer, context, watching.Token);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw GrpcErrorMapping.ToException(ErrorCodes.SERVICE_UNAVAILABLE, "Server shutting down");
        }
    }

    private async Task WatchAsync(
        WatchSessionRequest request, IServerStreamWriter<WatchSessionResponse> writer, ServerCallContext context, CancellationToken cancellationToken)
    {
        var sessionId = request.SessionId;
        if (!SessionValidator.IsUuid(sessionId))
        {
            throw SessionException.NotFound(sessionId);
        }

        var updates = Channel.CreateBounded<SessionUpdate>(new BoundedChannelOptions(WatchQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });

        // Subscribe before reading the state: a change committed in between arrives as a newer version.
        await using var subscription = await feed.SubscribeAsync(
            sessionId,
            update =>
            {
                updates.Writer.TryWrite(update);
                return ValueTask.CompletedTask;
            },
            cancellationToken);

        var state = await store.GetAsync(sessionId, cancellationToken) ?? throw SessionException.NotFound(sessionId);
        await writer.WriteAsync(Event(WatchEventType.Snapshot, state), cancellationToken);
        var version = state.Version;

        await foreach (var update in updates.Reader.ReadAllAsync(cancellationToken))
        {
            switch (update.Kind)
            {
                case SessionUpdateKind.Deleted:
                    await writer.WriteAsync(Event(WatchEventType.Deleted, null), cancellationToken);
                    return;
                case SessionUpdateKind.Resync:
                    var current = await store.GetAsync(sessionId, cancellationToken);
                    if (current is null)
                    {
                        await writer.WriteAsync(Event(WatchEventType.Deleted, null), cancellationToken);
                        return;
                    }

                    await writer.WriteAsync(Event(WatchEventType.Snapshot, current), cancellationToken);
                    version = current.Version;
                    break;
                case SessionUpdateKind.State when update.State!.Version > version:
                    await writer.WriteAsync(Event(WatchEventType.Update, update.State), cancellationToken);
                    version = update.State.Version;
                    break;
            }
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
