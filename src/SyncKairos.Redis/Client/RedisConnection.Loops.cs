using SyncKairos.Redis.Protocol;

namespace SyncKairos.Redis.Client;

public sealed partial class RedisConnection
{
    private void Install(RedisLink link)
    {
        var session = new LinkSession(link, _time.GetTimestamp());
        var previous = Volatile.Read(ref _lastWriter);

        // The old writer may still hold a drained batch it is about to put back; let it, so order is kept.
        session.WriterTask = Task.Run(async () =>
        {
            await previous.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            await WriterLoopAsync(session);
        });
        Volatile.Write(ref _lastWriter, session.WriterTask);
        _ = Task.Run(() => ReaderLoopAsync(session));
        Volatile.Write(ref _session, session);

        // The doorbell may have been taken by the previous writer loop; ring it for anything queued meanwhile.
        Volatile.Write(ref _doorbellRung, 1);
        _doorbell.Writer.TryWrite(true);
    }

    private async Task WriterLoopAsync(LinkSession session)
    {
        var batch = new List<PendingCommand>();
        var output = session.Link.Output;
        try
        {
            while (await _doorbell.Reader.WaitToReadAsync(session.Stop.Token))
            {
                _doorbell.Reader.TryRead(out _);

                // Reset before draining: a command queued after the drain rings again and is not missed.
                Volatile.Write(ref _doorbellRung, 0);
                while (true)
                {
                    batch.Clear();
                    lock (_pendingLock)
                    {
                        while (_pending.TryDequeue(out var next))
                        {
                            batch.Add(next);
                        }
                    }

                    if (batch.Count == 0)
                    {
                        break;
                    }

                    if (!WriteBatch(session, batch, output))
                    {
                        return;
                    }

                    await output.FlushAsync(session.Stop.Token);
                }
            }
        }
        catch (Exception ex)
        {
            Break(session, ex);
        }
    }

    /// <summary>Moves a batch into the written FIFO and encodes it; false when the session died first.</summary>
    private bool WriteBatch(LinkSession session, List<PendingCommand> batch, System.IO.Pipelines.PipeWriter output)
    {
        var now = _time.GetTimestamp();
        lock (session.SentLock)
        {
            if (session.Closed)
            {
                Requeue(batch);
                return false;
            }

            foreach (var pending in batch)
            {
                if (pending.Task.IsCompleted)
                {
                    // Timed out or cancelled before it was written: drop it, nothing will answer it.
                    Release(pending);
                    continue;
                }

                pending.WrittenAt = now;
                session.LastWriteAt = now;
                session.Sent.Enqueue(pending);
                RespWriter.WriteCommand(output, pending.Command, pending.Args);
            }
        }

        return true;
    }

    private void Requeue(List<PendingCommand> batch)
    {
        lock (_pendingLock)
        {
            var queue = new Queue<PendingCommand>(batch.Count + _pending.Count);
            foreach (var pending in batch)
            {
                queue.Enqueue(pending);
            }

            foreach (var pending in _pending)
            {
                queue.Enqueue(pending);
            }

            _pending = queue;
        }
    }

    private async Task ReaderLoopAsync(LinkSession session)
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
                    Complete(session, value);
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    error = new RedisConnectionException($"Redis at {_options.EndPoint} closed the connection.", mayHaveExecuted: true);
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
            Break(session, error ?? new RedisConnectionException("The Redis reader stopped.", mayHaveExecuted: true));
            try
            {
                await session.WriterTask;
            }
            catch (Exception)
            {
                // The writer reports its own failure through Break; here we only wait for it to stop touching the pipe.
            }

            await session.Link.DisposeAsync();
            session.Finished.TrySetResult();
        }
    }

    private void Complete(LinkSession session, RespValue value)
    {
        if (value.Type == RespType.Push)
        {
            // Out-of-band data (client tracking invalidations and the like) answers no command.
            return;
        }

        PendingCommand? pending;
        lock (session.SentLock)
        {
            session.Sent.TryDequeue(out pending);
        }

        if (pending is null)
        {
            throw new RespProtocolException("Redis sent a reply with no command waiting for it.");
        }

        if (value.IsError)
        {
            pending.Fail(new RedisServerException(value.AsString() ?? string.Empty));
        }
        else
        {
            pending.TrySetResult(value);
        }

        RedisClientMetrics.CommandDuration.Record(_time.GetElapsedTime(pending.CreatedAt).TotalMilliseconds);
        Release(pending);
    }
}
