using System.Text.Json;
using Microsoft.Extensions.Logging;
using SyncKairos.Grains.Abstractions;
using SyncKairos.Redis.Client;

namespace SyncKairos.Gateway.Grpc.Sessions;

/// <summary>
/// <see cref="ISessionUpdateFeed"/> over a Redis subscriber: one SUBSCRIBE per watched session however many
/// watchers it has, removed when the last one leaves. It shares the instance's subscriber with the WebSocket
/// hub: each owner adds and removes its own handler, and the channel is unsubscribed when both have left.
/// </summary>
public sealed partial class RedisSessionUpdateFeed(Func<RedisSubscriber> subscriber, Func<string, string> channelFor, ILogger<RedisSessionUpdateFeed> logger)
    : ISessionUpdateFeed
{
    private readonly Dictionary<string, WatchedChannel> channels = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private RedisSubscriber? hooked;

    public async Task<IAsyncDisposable> SubscribeAsync(string sessionId, Func<SessionUpdate, ValueTask> onUpdate, CancellationToken cancellationToken)
    {
        var redis = subscriber();
        HookResubscribed(redis);
        var channel = channelFor(sessionId);
        WatchedChannel watched;
        lock (gate)
        {
            if (!channels.TryGetValue(channel, out watched!))
            {
                watched = new WatchedChannel(channel);
                channels.Add(channel, watched);
            }

            lock (watched.Handlers)
            {
                watched.Handlers.Add(onUpdate);
            }
        }

        var handle = new Subscription(this, watched, onUpdate);
        try
        {
            await watched.Gate.WaitAsync(cancellationToken);
            try
            {
                if (!watched.Subscribed)
                {
                    watched.Handler ??= (_, payload) => DispatchAsync(watched, Parse(payload));
                    await redis.SubscribeAsync(channel, watched.Handler, cancellationToken);
                    watched.Subscribed = true;
                }
            }
            finally
            {
                watched.Gate.Release();
            }
        }
        catch
        {
            await handle.DisposeAsync();
            throw;
        }

        return handle;
    }

    private static SessionUpdate? Parse(ReadOnlyMemory<byte> payload)
    {
        using var document = JsonDocument.Parse(payload);
        var root = document.RootElement;
        return root.GetProperty("type").GetString() switch
        {
            "state" => new SessionUpdate(SessionUpdateKind.State, SessionState.FromJson(root.GetProperty("state").GetRawText())),
            "deleted" => new SessionUpdate(SessionUpdateKind.Deleted),
            _ => null,
        };
    }

    private static async ValueTask DispatchAsync(WatchedChannel watched, SessionUpdate? update)
    {
        if (update is null)
        {
            return;
        }

        Func<SessionUpdate, ValueTask>[] handlers;
        lock (watched.Handlers)
        {
            handlers = [.. watched.Handlers];
        }

        foreach (var handler in handlers)
        {
            await handler(update);
        }
    }

    private void HookResubscribed(RedisSubscriber redis)
    {
        lock (gate)
        {
            if (ReferenceEquals(hooked, redis))
            {
                return;
            }

            hooked = redis;
        }

        redis.Resubscribed += OnResubscribed;
    }

    private void OnResubscribed()
    {
        WatchedChannel[] all;
        lock (gate)
        {
            all = [.. channels.Values];
        }

        foreach (var watched in all)
        {
            _ = DispatchAsync(watched, SessionUpdate.Resync).AsTask();
        }
    }

    private async Task LeaveAsync(WatchedChannel watched, Func<SessionUpdate, ValueTask> onUpdate)
    {
        bool last;
        lock (gate)
        {
            lock (watched.Handlers)
            {
                watched.Handlers.Remove(onUpdate);
                last = watched.Handlers.Count == 0;
            }
        }

        if (!last)
        {
            return;
        }

        // The entry stays registered until UNSUBSCRIBE is done, so a watcher arriving meanwhile joins it and
        // subscribes again after this, in order on the wire.
        await watched.Gate.WaitAsync(CancellationToken.None);
        try
        {
            if (HandlerCount(watched) > 0)
            {
                return;
            }

            if (watched.Subscribed)
            {
                watched.Subscribed = false;
                try
                {
                    await subscriber().UnsubscribeAsync(watched.Channel, watched.Handler!, CancellationToken.None);
                }
                catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
                {
                    // The subscription dies with the connection anyway; a stale one only costs ignored messages.
                    LogUnsubscribeFailed(logger, watched.Channel, ex.Message);
                }
            }

            lock (gate)
            {
                if (HandlerCount(watched) == 0)
                {
                    channels.Remove(watched.Channel);
                }
            }
        }
        finally
        {
            watched.Gate.Release();
        }
    }

    private static int HandlerCount(WatchedChannel watched)
    {
        lock (watched.Handlers)
        {
            return watched.Handlers.Count;
        }
    }

    [LoggerMessage(EventId = 6101, EventName = "GrpcWatchUnsubscribeFailed", Level = LogLevel.Warning,
        Message = "Could not unsubscribe {Channel}: {Reason}")]
    private static partial void LogUnsubscribeFailed(ILogger logger, string channel, string reason);

    private sealed class WatchedChannel(string channel)
    {
        public string Channel { get; } = channel;

        public List<Func<SessionUpdate, ValueTask>> Handlers { get; } = [];

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public bool Subscribed { get; set; }

        public Func<string, ReadOnlyMemory<byte>, ValueTask>? Handler { get; set; }
    }

    private sealed class Subscription(RedisSessionUpdateFeed feed, WatchedChannel watched, Func<SessionUpdate, ValueTask> onUpdate) : IAsyncDisposable
    {
        private int disposed;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                await feed.LeaveAsync(watched, onUpdate);
            }
        }
    }
}
