namespace SyncKairos.Redis.Client;

public sealed partial class RedisConnection
{
    private int _sweeping;

    /// <summary>
    /// Tears one session down exactly once: written commands fail as may-have-executed (never resent),
    /// queued ones stay queued for the next link, and a reconnect loop starts.
    /// </summary>
    private void Break(LinkSession session, Exception reason)
    {
        if (!session.TryMarkBroken())
        {
            return;
        }

        session.Stop.Cancel();
        session.Link.Abort();
        List<PendingCommand> written;
        lock (session.SentLock)
        {
            session.Closed = true;
            written = [.. session.Sent];
            session.Sent.Clear();
        }

        var disposing = _disposed.IsCancellationRequested;
        var error = new RedisConnectionException(
            disposing
                ? "The Redis connection was disposed before the reply arrived; the command may have executed."
                : $"The link to Redis at {_options.EndPoint} broke before the reply arrived; the command may have executed. ({reason.Message})",
            mayHaveExecuted: true,
            reason);
        foreach (var pending in written)
        {
            pending.Fail(error);
            Release(pending);
        }

        Interlocked.CompareExchange(ref _session, null, session);
        if (!disposing)
        {
            Log.LinkBroken(_logger, _options.EndPoint, written.Count, reason);
            Raise(Disconnected, nameof(Disconnected));
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

                // A new link may be a new server process: it holds none of our scripts.
                _loadedScripts.Clear();
                Install(link);
                Log.Reconnected(_logger, _options.EndPoint, attempt);
                Raise(Reconnected, nameof(Reconnected));
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
                if (ex is RedisServerException)
                {
                    // The server answers but refuses us (credentials, ACL): waiting callers get that answer now.
                    FailQueued(ex);
                }

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

    /// <summary>Fails every command not yet written.</summary>
    private void FailQueued(Exception error)
    {
        List<PendingCommand> queued;
        lock (_pendingLock)
        {
            queued = [.. _pending];
            _pending.Clear();
        }

        foreach (var pending in queued)
        {
            pending.Fail(error);
            Release(pending);
        }
    }

    private void StartSweeper()
    {
        var smallest = TimeSpan.FromTicks(Math.Min(_options.CommandTimeout.Ticks, _options.HeartbeatInterval.Ticks));
        var period = TimeSpan.FromTicks(Math.Clamp(smallest.Ticks / 10, TimeSpan.FromMilliseconds(5).Ticks, TimeSpan.FromMilliseconds(100).Ticks));
        _sweeper = _time.CreateTimer(static state => ((RedisConnection)state!).Sweep(), this, period, period);
    }

    /// <summary>Per-command timeouts, dead-link detection and the idle heartbeat, on one timer.</summary>
    private void Sweep()
    {
        if (Interlocked.Exchange(ref _sweeping, 1) != 0)
        {
            return;
        }

        try
        {
            var now = _time.GetTimestamp();
            var queuedEmpty = ExpireQueued(now);
            var session = Volatile.Read(ref _session);
            if (session is null || session.IsBroken)
            {
                return;
            }

            var (sentEmpty, oldestWrite) = ExpireWritten(session, now);
            var dead = ToTicks(_options.DeadConnectionTimeout);
            if (!sentEmpty && now - oldestWrite > dead && now - session.LastReadAt > dead)
            {
                Log.DeadLink(_logger, _options.EndPoint, (long)_time.GetElapsedTime(session.LastReadAt, now).TotalMilliseconds);
                Break(session, new TimeoutException($"Nothing read from Redis for {_options.DeadConnectionTimeout.TotalMilliseconds} ms with replies owed."));
                return;
            }

            if (sentEmpty && queuedEmpty && now - session.LastWriteAt > ToTicks(_options.HeartbeatInterval))
            {
                session.LastWriteAt = now;
                Enqueue("PING", NoArgs, now, isInternal: true);
            }
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    /// <summary>Times out queued (never written) commands; returns whether the queue is empty.</summary>
    private bool ExpireQueued(long now)
    {
        List<PendingCommand>? expired = null;
        bool empty;
        lock (_pendingLock)
        {
            // Deadlines are uniform, so the queue is in deadline order: stop at the first live one.
            while (_pending.TryPeek(out var head) && (head.Task.IsCompleted || now - head.CreatedAt >= _commandTimeoutTicks))
            {
                (expired ??= []).Add(_pending.Dequeue());
            }

            empty = _pending.Count == 0;
        }

        if (expired is not null)
        {
            var connected = IsConnected;
            foreach (var pending in expired)
            {
                pending.Fail(new RedisTimeoutException(
                    connected
                        ? $"Redis command {pending.Command} was not sent within {_options.CommandTimeout.TotalMilliseconds} ms."
                        : $"Redis command {pending.Command} waited {_options.CommandTimeout.TotalMilliseconds} ms for the link to {_options.EndPoint} to come back; it was not sent.",
                    mayHaveExecuted: false));
                Release(pending);
            }
        }

        return empty;
    }

    /// <summary>Times out written commands, leaving them in place to swallow their late replies.</summary>
    private (bool Empty, long OldestWrite) ExpireWritten(LinkSession session, long now)
    {
        lock (session.SentLock)
        {
            if (session.Sent.Count == 0)
            {
                return (true, now);
            }

            var oldest = session.Sent.Peek().WrittenAt;
            foreach (var pending in session.Sent)
            {
                if (pending.Task.IsCompleted)
                {
                    continue;
                }

                if (now - pending.CreatedAt < _commandTimeoutTicks)
                {
                    break;
                }

                pending.Fail(new RedisTimeoutException(
                    $"Redis command {pending.Command} got no reply within {_options.CommandTimeout.TotalMilliseconds} ms; it may have executed.",
                    mayHaveExecuted: true));
            }

            return (false, oldest);
        }
    }
}
