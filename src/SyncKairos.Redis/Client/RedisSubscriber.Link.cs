using SyncKairos.Redis.Protocol;

namespace SyncKairos.Redis.Client;

public sealed partial class RedisSubscriber
{
    private const int ResubscribeChunk = 512;

    private void Install(RedisLink link, bool resubscribe)
    {
        var session = new SubscriberSession(link, _time.GetTimestamp());
        Volatile.Write(ref _session, session);
        _ = Task.Run(() => ReaderLoopAsync(session));
        if (resubscribe)
        {
            _ = Task.Run(() => ResubscribeAsync(session));
        }
    }

    private async Task ResubscribeAsync(SubscriberSession session)
    {
        string[] channels;
        string[] patterns;
        var waits = new List<Task>();
        lock (_gate)
        {
            channels = [.. _channels.Keys];
            patterns = [.. _patterns.Keys];

            // Replies come in order, so the confirmation of the last name of each kind covers all before it.
            if (channels.Length > 0)
            {
                waits.Add(AddWaiter(SubscriptionKind.Subscribe, channels[^1]).Task);
            }

            if (patterns.Length > 0)
            {
                waits.Add(AddWaiter(SubscriptionKind.PSubscribe, patterns[^1]).Task);
            }
        }

        try
        {
            foreach (var chunk in channels.Chunk(ResubscribeChunk))
            {
                await SendAsync(session, "SUBSCRIBE", [.. chunk.Select(c => (RedisArg)c)], session.Stop.Token);
            }

            foreach (var chunk in patterns.Chunk(ResubscribeChunk))
            {
                await SendAsync(session, "PSUBSCRIBE", [.. chunk.Select(p => (RedisArg)p)], session.Stop.Token);
            }

            await Task.WhenAll(waits).WaitAsync(_options.CommandTimeout + _options.CommandTimeout, _time, session.Stop.Token);
        }
        catch (Exception ex)
        {
            // Without every subscription back the link is no use; start over on a fresh one.
            Break(session, ex);
            return;
        }

        Log.Resubscribed(_logger, channels.Length, patterns.Length, _options.EndPoint);
        var handlers = Resubscribed;
        if (handlers is not null)
        {
            try
            {
                handlers();
            }
            catch (Exception ex)
            {
                Log.EventHandlerFailed(_logger, nameof(Resubscribed), ex);
            }
        }
    }

    private async Task ReaderLoopAsync(SubscriberSession session)
    {
        Exception? error = null;
        var input = session.Link.Input;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(session.Stop.Token);
                var buffer = result.Buffer;
                if (!buffer.IsEmpty)
                {
                    session.LastReadAt = _time.GetTimestamp();
                }

                while (RespReader.TryRead(ref buffer, out var value))
                {
                    Handle(value);
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    error = new RedisConnectionException($"Redis at {_options.EndPoint} closed the pub/sub connection.");
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            error = ex;
        }
        finally
        {
            Break(session, error ?? new RedisConnectionException("The pub/sub reader stopped."));
            await session.WriteLock.WaitAsync(CancellationToken.None);
            try
            {
                await session.Link.DisposeAsync();
            }
            finally
            {
                session.WriteLock.Release();
                session.Finished.TrySetResult();
            }
        }
    }

    private void Handle(RespValue value)
    {
        if (value.Type is not (RespType.Push or RespType.Array) || value.Items.Count < 3)
        {
            // PONG (RESP3: +PONG, RESP2: [pong, ""]) and anything else that is not pub/sub traffic.
            return;
        }

        var items = value.Items;
        var kind = items[0].Bytes.Span;
        if (kind.SequenceEqual("message"u8))
        {
            var channel = items[1].AsString() ?? string.Empty;
            Deliver(_channels, channel, channel, items[2].Bytes);
        }
        else if (kind.SequenceEqual("pmessage"u8) && items.Count >= 4)
        {
            Deliver(_patterns, items[1].AsString() ?? string.Empty, items[2].AsString() ?? string.Empty, items[3].Bytes);
        }
        else if (kind.SequenceEqual("subscribe"u8))
        {
            Confirm(SubscriptionKind.Subscribe, items[1].AsString() ?? string.Empty);
        }
        else if (kind.SequenceEqual("unsubscribe"u8))
        {
            Confirm(SubscriptionKind.Unsubscribe, items[1].AsString() ?? string.Empty);
        }
        else if (kind.SequenceEqual("psubscribe"u8))
        {
            Confirm(SubscriptionKind.PSubscribe, items[1].AsString() ?? string.Empty);
        }
        else if (kind.SequenceEqual("punsubscribe"u8))
        {
            Confirm(SubscriptionKind.PUnsubscribe, items[1].AsString() ?? string.Empty);
        }
    }

    private void Deliver(Dictionary<string, Func<string, ReadOnlyMemory<byte>, ValueTask>[]> registry, string key, string channel, ReadOnlyMemory<byte> payload)
    {
        Func<string, ReadOnlyMemory<byte>, ValueTask>[]? handlers;
        lock (_gate)
        {
            registry.TryGetValue(key, out handlers);
        }

        if (handlers is not null)
        {
            _deliveries.Writer.TryWrite(new Delivery(channel, payload, handlers));
        }
    }

    private void Break(SubscriberSession session, Exception reason)
    {
        if (!session.TryMarkBroken())
        {
            return;
        }

        session.Stop.Cancel();
        session.Link.Abort();
        Interlocked.CompareExchange(ref _session, null, session);
        if (!_disposed.IsCancellationRequested)
        {
            Log.LinkBroken(_logger, _options.EndPoint, 0, reason);
            _ = Task.Run(ReconnectLoopAsync);
        }
    }

    private async Task ReconnectLoopAsync()
    {
        var attempt = 0;
        while (!_disposed.IsCancellationRequested)
        {
            attempt++;
            try
            {
                var link = await RedisLink.OpenAsync(_options, _time, _logger, _disposed.Token);
                if (_disposed.IsCancellationRequested)
                {
                    await link.DisposeAsync();
                    return;
                }

                Install(link, resubscribe: true);
                Log.Reconnected(_logger, _options.EndPoint, attempt);
                return;
            }
            catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                var delay = ReconnectBackoff.Delay(_options, attempt);
                Log.ReconnectFailed(_logger, attempt, _options.EndPoint, (long)delay.TotalMilliseconds, ex);
                try
                {
                    await Task.Delay(delay, _time, _disposed.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>PING when idle; a link that answers nothing for the dead-connection timeout is dropped.</summary>
    private void Heartbeat()
    {
        var session = Volatile.Read(ref _session);
        if (session is null || session.IsBroken)
        {
            return;
        }

        var idle = _time.GetElapsedTime(session.LastReadAt);
        if (idle > _options.DeadConnectionTimeout)
        {
            Log.DeadLink(_logger, _options.EndPoint, (long)idle.TotalMilliseconds);
            Break(session, new TimeoutException($"Nothing read from Redis for {idle.TotalMilliseconds} ms."));
        }
        else if (idle >= _options.HeartbeatInterval)
        {
            _ = PingAsync(session);
        }
    }

    private async Task PingAsync(SubscriberSession session)
    {
        try
        {
            await SendAsync(session, "PING", [], session.Stop.Token);
        }
        catch (Exception ex) when (ex is RedisConnectionException or OperationCanceledException)
        {
            // Break already handled it.
        }
    }
}
