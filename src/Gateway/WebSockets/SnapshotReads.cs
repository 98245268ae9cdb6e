namespace SyncKairos.Gateway.WebSockets;

/// <summary>
/// Coalesces concurrent snapshot reads of one session (a connect storm on a popular session would otherwise
/// send one GET per new watcher). A caller never shares a read that was sent before it called: while a read
/// is in flight, later callers wait for the <em>next</em> read, which starts when the current one finishes and
/// serves all of them. So a watcher that joined the hub before asking still gets a state at least as new as
/// everything published before it joined (ADR 0009, ADR 0021). At most two reads per session exist at a time.
/// </summary>
public sealed class SnapshotReads(Func<string, CancellationToken, Task<Outbound?>> read)
{
    private readonly Dictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    /// <summary>Reads issued to the store (for tests and metrics).</summary>
    public long ReadsIssued => Interlocked.Read(ref _readsIssued);

    private long _readsIssued;

    /// <summary>
    /// The session's current snapshot, from a read sent no earlier than this call. <paramref name="cancellationToken"/>
    /// only stops this caller's wait; the shared read runs to completion (it is bounded by the store's command timeout).
    /// </summary>
    public Task<Outbound?> ReadAsync(string sessionId, CancellationToken cancellationToken)
    {
        Task<Outbound?> result;
        lock (_slots)
        {
            if (!_slots.TryGetValue(sessionId, out var slot))
            {
                slot = new Slot();
                _slots.Add(sessionId, slot);
                result = Start(sessionId, slot);
            }
            else
            {
                slot.Next ??= new TaskCompletionSource<Outbound?>(TaskCreationOptions.RunContinuationsAsynchronously);
                result = slot.Next.Task;
            }
        }

        return result.WaitAsync(cancellationToken);
    }

    /// <summary>Called under the lock: the slot has no read in flight.</summary>
    private Task<Outbound?> Start(string sessionId, Slot slot)
    {
        Interlocked.Increment(ref _readsIssued);
        var running = ReadOnceAsync(sessionId);
        _ = running.ContinueWith(
            static (done, state) => ((Completion)state!).Owner.Finished(((Completion)state).SessionId, ((Completion)state).Slot),
            new Completion(this, sessionId, slot),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return running;
    }

    /// <summary>Async so that a store failure thrown before the first await also ends up in the shared task.</summary>
    private async Task<Outbound?> ReadOnceAsync(string sessionId) => await read(sessionId, CancellationToken.None);

    /// <summary>The read in flight finished: hand the waiting batch its own, fresh read, or forget the session.</summary>
    private void Finished(string sessionId, Slot slot)
    {
        lock (_slots)
        {
            if (slot.Next is not { } waiting)
            {
                _slots.Remove(sessionId);
                return;
            }

            slot.Next = null;
            Forward(Start(sessionId, slot), waiting);
        }
    }

    private static void Forward(Task<Outbound?> source, TaskCompletionSource<Outbound?> target) =>
        source.ContinueWith(
            static (done, state) =>
            {
                var tcs = (TaskCompletionSource<Outbound?>)state!;
                if (done.IsFaulted)
                {
                    tcs.TrySetException(done.Exception!.InnerExceptions);
                }
                else if (done.IsCanceled)
                {
                    tcs.TrySetCanceled();
                }
                else
                {
                    tcs.TrySetResult(done.Result);
                }
            },
            target,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    private sealed class Slot
    {
        /// <summary>Callers that arrived while a read was in flight; they get the next read.</summary>
        public TaskCompletionSource<Outbound?>? Next { get; set; }
    }

    private sealed record Completion(SnapshotReads Owner, string SessionId, Slot Slot);
}
