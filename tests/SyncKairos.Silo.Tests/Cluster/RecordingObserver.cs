using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Silo.Tests.Cluster;

/// <summary>An observer that keeps what it is pushed and lets a test wait for a push matching a condition.</summary>
internal sealed class RecordingObserver : ISessionObserver
{
    private readonly List<SessionState> _states = [];
    private readonly List<(string SessionId, long Version)> _deletions = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int SubscriptionsEnded { get; private set; }

    public Task StateChanged(SessionState state) => Record(() => _states.Add(state));

    public Task Deleted(string sessionId, long version) => Record(() => _deletions.Add((sessionId, version)));

    public Task SubscriptionEnded(string sessionId) => Record(() => SubscriptionsEnded++);

    public Task<SessionState> WaitForAsync(Func<SessionState, bool> match, TimeSpan timeout) =>
        WaitAsync(() => _states.FirstOrDefault(match), "a pushed state matching the condition", timeout);

    public Task<(string SessionId, long Version)> WaitForDeletionAsync(TimeSpan timeout) =>
        WaitAsync(() => _deletions.Count > 0 ? _deletions[0] : default, "a Deleted push", timeout);

    private async Task<T> WaitAsync<T>(Func<T?> find, string what, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_states)
            {
                if (find() is { } found && !EqualityComparer<T>.Default.Equals(found, default))
                {
                    return found;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Expected within {timeout}: {what}; got {_states.Count} states, {_deletions.Count} deletions");
            }
        }
    }

    private Task Record(Action add)
    {
        TaskCompletionSource changed;
        lock (_states)
        {
            add();
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
        return Task.CompletedTask;
    }
}
