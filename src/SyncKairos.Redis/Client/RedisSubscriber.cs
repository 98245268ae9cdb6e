using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SyncKairos.Redis.Protocol;

namespace SyncKairos.Redis.Client;

/// <summary>
/// A dedicated pub/sub connection. The registry of channels and patterns kept here is the source of
/// truth: after every reconnect all of it is subscribed again and <see cref="Resubscribed"/> is raised so
/// owners can resync what they missed (pub/sub is at-most-once). Handlers run in order of arrival on one
/// dispatch loop, never on the socket reader.
/// </summary>
public sealed partial class RedisSubscriber : IAsyncDisposable
{
    private readonly RedisOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private readonly Dictionary<string, Func<string, ReadOnlyMemory<byte>, ValueTask>[]> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<string, ReadOnlyMemory<byte>, ValueTask>[]> _patterns = new(StringComparer.Ordinal);
    private readonly Dictionary<(SubscriptionKind, string), List<TaskCompletionSource>> _waiters = [];
    private readonly Channel<Delivery> _deliveries = Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _disposed = new();
    private SubscriberSession? _session;
    private ITimer? _heartbeat;
    private Task _dispatcher = Task.CompletedTask;

    private RedisSubscriber(RedisOptions options, TimeProvider time, ILogger logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Raised (on the thread pool) once every registered channel and pattern is subscribed again after a reconnect.</summary>
    public event Action? Resubscribed;

    public bool IsConnected => Volatile.Read(ref _session) is { IsBroken: false };

    public static Task<RedisSubscriber> ConnectAsync(RedisOptions options, ILogger? logger = null, CancellationToken cancellationToken = default) =>
        ConnectAsync(options, TimeProvider.System, logger, cancellationToken);

    public static async Task<RedisSubscriber> ConnectAsync(RedisOptions options, TimeProvider timeProvider, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.ThrowIfInvalid();
        var copy = options.Clone();
        var log = logger ?? NullLogger.Instance;
        var link = await RedisLink.OpenAsync(copy, timeProvider, log, cancellationToken);
        var subscriber = new RedisSubscriber(copy, timeProvider, log);
        subscriber._dispatcher = Task.Run(subscriber.DispatchLoopAsync, CancellationToken.None);
        subscriber.Install(link, resubscribe: false);
        subscriber._heartbeat = timeProvider.CreateTimer(static s => ((RedisSubscriber)s!).Heartbeat(), subscriber, copy.HeartbeatInterval, copy.HeartbeatInterval);
        Log.Connected(log, copy.EndPoint);
        return subscriber;
    }

    /// <summary>
    /// Adds a handler for one channel and returns once the server confirmed the subscription (waiting for a
    /// reconnect if the link is down, bounded by the command timeout). On failure the handler is removed again.
    /// </summary>
    public Task SubscribeAsync(string channel, Func<string, ReadOnlyMemory<byte>, ValueTask> handler, CancellationToken cancellationToken = default) =>
        AddAsync(_channels, SubscriptionKind.Subscribe, "SUBSCRIBE", channel, handler, cancellationToken);

    public Task PSubscribeAsync(string pattern, Func<string, ReadOnlyMemory<byte>, ValueTask> handler, CancellationToken cancellationToken = default) =>
        AddAsync(_patterns, SubscriptionKind.PSubscribe, "PSUBSCRIBE", pattern, handler, cancellationToken);

    /// <summary>Removes every handler of the channel; returns once the server confirmed (at once when disconnected).</summary>
    public Task UnsubscribeAsync(string channel, CancellationToken cancellationToken = default) =>
        RemoveAsync(_channels, SubscriptionKind.Unsubscribe, "UNSUBSCRIBE", channel, handler: null, cancellationToken);

    /// <summary>
    /// Removes one handler of the channel, so several owners can share a channel on this connection; the
    /// channel is unsubscribed on the server only when its last handler leaves.
    /// </summary>
    public Task UnsubscribeAsync(string channel, Func<string, ReadOnlyMemory<byte>, ValueTask> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return RemoveAsync(_channels, SubscriptionKind.Unsubscribe, "UNSUBSCRIBE", channel, handler, cancellationToken);
    }

    public Task PUnsubscribeAsync(string pattern, CancellationToken cancellationToken = default) =>
        RemoveAsync(_patterns, SubscriptionKind.PUnsubscribe, "PUNSUBSCRIBE", pattern, handler: null, cancellationToken);

    private async Task AddAsync(
        Dictionary<string, Func<string, ReadOnlyMemory<byte>, ValueTask>[]> registry,
        SubscriptionKind kind,
        string command,
        string name,
        Func<string, ReadOnlyMemory<byte>, ValueTask> handler,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(handler);
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        TaskCompletionSource confirmed;
        lock (_gate)
        {
            registry[name] = registry.TryGetValue(name, out var handlers) ? [.. handlers, handler] : [handler];
            confirmed = AddWaiter(kind, name);
        }

        try
        {
            var session = Volatile.Read(ref _session);
            if (session is not null)
            {
                try
                {
                    await SendAsync(session, command, [name], cancellationToken);
                }
                catch (RedisConnectionException)
                {
                    // The link broke under us; the registry entry is subscribed again by the next link.
                }
            }

            await confirmed.Task.WaitAsync(_options.CommandTimeout, _time, cancellationToken);
        }
        catch (Exception ex)
        {
            lock (_gate)
            {
                RemoveWaiter(kind, name, confirmed);
                if (registry.TryGetValue(name, out var handlers))
                {
                    var left = handlers.Where(h => h != handler).ToArray();
                    if (left.Length == 0)
                    {
                        registry.Remove(name);
                    }
                    else
                    {
                        registry[name] = left;
                    }
                }
            }

            if (ex is TimeoutException and not RedisTimeoutException)
            {
                throw new RedisTimeoutException($"Redis did not confirm {command} {name} within {_options.CommandTimeout.TotalMilliseconds} ms.", mayHaveExecuted: true);
            }

            throw;
        }
    }

    private async Task RemoveAsync(
        Dictionary<string, Func<string, ReadOnlyMemory<byte>, ValueTask>[]> registry,
        SubscriptionKind kind,
        string command,
        string name,
        Func<string, ReadOnlyMemory<byte>, ValueTask>? handler,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        TaskCompletionSource confirmed;
        lock (_gate)
        {
            if (handler is null || !registry.TryGetValue(name, out var handlers))
            {
                registry.Remove(name);
            }
            else
            {
                var left = handlers.Where(h => h != handler).ToArray();
                if (left.Length > 0)
                {
                    // Other owners still listen: the server subscription stays.
                    registry[name] = left;
                    return;
                }

                registry.Remove(name);
            }

            confirmed = AddWaiter(kind, name);
        }

        try
        {
            var session = Volatile.Read(ref _session);
            if (session is null)
            {
                // Not subscribed anywhere; the registry no longer lists it, so the next link will not subscribe it.
                return;
            }

            if (!await SendUnlessListenedAsync(session, registry, command, name, cancellationToken))
            {
                return;
            }

            await confirmed.Task.WaitAsync(_options.CommandTimeout, _time, cancellationToken);
        }
        catch (TimeoutException) when (!IsConnected)
        {
            // The link dropped meanwhile: the server forgot the subscription with it.
        }
        catch (TimeoutException)
        {
            throw new RedisTimeoutException($"Redis did not confirm {command} {name} within {_options.CommandTimeout.TotalMilliseconds} ms.", mayHaveExecuted: true);
        }
        finally
        {
            lock (_gate)
            {
                RemoveWaiter(kind, name, confirmed);
            }
        }
    }

    private TaskCompletionSource AddWaiter(SubscriptionKind kind, string name)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_waiters.TryGetValue((kind, name), out var list))
        {
            _waiters[(kind, name)] = list = [];
        }

        list.Add(waiter);
        return waiter;
    }

    private void RemoveWaiter(SubscriptionKind kind, string name, TaskCompletionSource waiter)
    {
        if (_waiters.TryGetValue((kind, name), out var list) && list.Remove(waiter) && list.Count == 0)
        {
            _waiters.Remove((kind, name));
        }
    }

    private void Confirm(SubscriptionKind kind, string name)
    {
        List<TaskCompletionSource>? list;
        lock (_gate)
        {
            if (_waiters.Remove((kind, name), out list))
            {
                foreach (var waiter in list)
                {
                    waiter.TrySetResult();
                }
            }
        }
    }

    private Task SendAsync(SubscriberSession session, string command, RedisArg[] args, CancellationToken cancellationToken) =>
        SendCoreAsync(session, command, args, unless: null, cancellationToken);

    /// <summary>
    /// Writes an (P)UNSUBSCRIBE only if nobody registered for <paramref name="name"/> meanwhile. The check runs
    /// under the write lock, so a concurrent SUBSCRIBE for a new owner is either seen here (and the unsubscribe
    /// skipped) or written after this unsubscribe: the wire never ends unsubscribed while the registry lists a handler.
    /// </summary>
    private async Task<bool> SendUnlessListenedAsync(
        SubscriberSession session,
        Dictionary<string, Func<string, ReadOnlyMemory<byte>, ValueTask>[]> registry,
        string command,
        string name,
        CancellationToken cancellationToken) =>
        await SendCoreAsync(session, command, [name], () => registry.ContainsKey(name), cancellationToken);

    private async Task<bool> SendCoreAsync(SubscriberSession session, string command, RedisArg[] args, Func<bool>? unless, CancellationToken cancellationToken)
    {
        await session.WriteLock.WaitAsync(cancellationToken);
        try
        {
            if (session.IsBroken)
            {
                throw new RedisConnectionException($"The pub/sub link to Redis at {_options.EndPoint} is down.");
            }

            if (unless is not null)
            {
                lock (_gate)
                {
                    if (unless())
                    {
                        return false;
                    }
                }
            }

            RespWriter.WriteCommand(session.Link.Output, command, args);
            await session.Link.Output.FlushAsync(session.Stop.Token);
            return true;
        }
        catch (Exception ex) when (ex is not RedisConnectionException && (ex is not OperationCanceledException || session.Stop.IsCancellationRequested))
        {
            Break(session, ex);
            throw new RedisConnectionException($"The pub/sub link to Redis at {_options.EndPoint} broke: {ex.Message}", mayHaveExecuted: true, ex);
        }
        finally
        {
            session.WriteLock.Release();
        }
    }

    private async Task DispatchLoopAsync()
    {
        await foreach (var delivery in _deliveries.Reader.ReadAllAsync(CancellationToken.None))
        {
            foreach (var handler in delivery.Handlers)
            {
                try
                {
                    await handler(delivery.Channel, delivery.Payload);
                }
                catch (Exception ex)
                {
                    Log.HandlerFailed(_logger, delivery.Channel, ex);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        await _disposed.CancelAsync();
        if (_heartbeat is not null)
        {
            await _heartbeat.DisposeAsync();
        }

        var session = Volatile.Read(ref _session);
        if (session is not null)
        {
            Break(session, new ObjectDisposedException(nameof(RedisSubscriber)));
            await session.Finished.Task;
        }

        _deliveries.Writer.TryComplete();
        await _dispatcher;
    }

    private readonly record struct Delivery(string Channel, ReadOnlyMemory<byte> Payload, Func<string, ReadOnlyMemory<byte>, ValueTask>[] Handlers);
}
