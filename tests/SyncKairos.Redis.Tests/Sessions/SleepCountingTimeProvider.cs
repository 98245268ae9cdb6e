using Microsoft.Extensions.Time.Testing;

namespace SyncKairos.Redis.Tests.Sessions;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also tells when a number of loops sleep on it (each sleep is a timer created
/// and neither fired nor disposed yet), so a test advances the clock only once they are all idle again.
/// </summary>
internal sealed class SleepCountingTimeProvider() : FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
{
    private readonly Lock _gate = new();
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];
    private int _sleeping;

    /// <summary>Completes once at least <paramref name="count"/> timers wait for a later <see cref="FakeTimeProvider.Advance"/>.</summary>
    public Task WhenSleepingAsync(int count)
    {
        lock (_gate)
        {
            if (_sleeping >= count)
            {
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, waiter));
            return waiter.Task;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var sleep = new Sleep(this);
        Change(+1);
        var timer = base.CreateTimer(s => { sleep.End(); callback(s); }, state, dueTime, period);
        return new CountedTimer(timer, sleep);
    }

    private void Change(int by)
    {
        lock (_gate)
        {
            _sleeping += by;
            foreach (var waiter in _waiters.Where(w => _sleeping >= w.Count).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }
    }

    /// <summary>One timer's sleep, ended once: by its first firing or its disposal.</summary>
    private sealed class Sleep(SleepCountingTimeProvider owner)
    {
        private int _ended;

        public void End()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                owner.Change(-1);
            }
        }
    }

    private sealed class CountedTimer(ITimer inner, Sleep sleep) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

        public void Dispose()
        {
            sleep.End();
            inner.Dispose();
        }

        public async ValueTask DisposeAsync()
        {
            sleep.End();
            await inner.DisposeAsync();
        }
    }
}
