using System.Threading.Channels;
using SyncKairos.Gateway.Watching;
using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Gateway.Grpc.Sessions;

/// <summary>One WatchSession stream as a watcher of its session's subscription: updates queue for the stream's writer.</summary>
internal sealed class GrpcWatcher : ISessionWatcher
{
    // Each update carries the whole state, so a watcher that cannot keep up loses intermediate states
    // only, never the latest one nor the deletion (the newest entries are kept).
    private const int QueueCapacity = 64;

    private readonly Channel<SessionUpdate> _updates = Channel.CreateBounded<SessionUpdate>(new BoundedChannelOptions(QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    public ChannelReader<SessionUpdate> Updates => _updates.Reader;

    public void Pushed(SessionState state) => _updates.Writer.TryWrite(new SessionUpdate(SessionUpdateKind.State, state));

    public void Resynced(SessionState? state) => _updates.Writer.TryWrite(new SessionUpdate(SessionUpdateKind.Resync, state));

    public void Deleted() => _updates.Writer.TryWrite(new SessionUpdate(SessionUpdateKind.Deleted));
}
