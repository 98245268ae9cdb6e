using System.Threading.Channels;
using SyncKairos.Gateway.Grpc.Sessions;

namespace SyncKairos.Gateway.Tests.Grpc.Sessions;

/// <summary>The feed over a real redis-server: shared subscriptions and what leaving one does to the others.</summary>
public sealed class RedisSessionUpdateFeedTests(SessionGrpcServer server) : IClassFixture<SessionGrpcServer>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ISessionUpdateFeed Feed => server.Feed;

    // Handlers run on the subscriber's dispatch loop, outside the test's context: no test token there.
    private static Func<SessionUpdate, ValueTask> Into(Channel<SessionUpdate> channel) => update =>
    {
        channel.Writer.TryWrite(update);
        return ValueTask.CompletedTask;
    };

    [Fact]
    public async Task LeavingWatcherDoesNotUnsubscribeTheOthers()
    {
        var create = SyncKairosGrpcServiceTests.NewSession();
        await server.Store.CreateAsync(Sessions.Core(create), Ct);
        var first = Channel.CreateUnbounded<SessionUpdate>();
        var second = Channel.CreateUnbounded<SessionUpdate>();

        var a = await Feed.SubscribeAsync(create.SessionId, Into(first), Ct);
        await using var b = await Feed.SubscribeAsync(create.SessionId, Into(second), Ct);
        await a.DisposeAsync();
        await server.Store.StartAsync(create.SessionId, Ct);

        var update = await second.Reader.ReadAsync(Ct).AsTask().WaitAsync(Patience, Ct);
        Assert.Equal((SessionUpdateKind.State, 2L), (update.Kind, update.State!.Version));
        Assert.False(first.Reader.TryRead(out _));
    }

    [Fact]
    public async Task LastWatcherLeavingAndANewOneJoiningStillReceives()
    {
        var create = SyncKairosGrpcServiceTests.NewSession();
        await server.Store.CreateAsync(Sessions.Core(create), Ct);
        var updates = Channel.CreateUnbounded<SessionUpdate>();

        var old = await Feed.SubscribeAsync(create.SessionId, _ => ValueTask.CompletedTask, Ct);
        await old.DisposeAsync();
        await using var fresh = await Feed.SubscribeAsync(create.SessionId, Into(updates), Ct);
        await server.Store.StartAsync(create.SessionId, Ct);
        await server.Store.DeleteAsync(create.SessionId, Ct);

        Assert.Equal(SessionUpdateKind.State, (await updates.Reader.ReadAsync(Ct).AsTask().WaitAsync(Patience, Ct)).Kind);
        Assert.Equal(SessionUpdateKind.Deleted, (await updates.Reader.ReadAsync(Ct).AsTask().WaitAsync(Patience, Ct)).Kind);
    }
}
