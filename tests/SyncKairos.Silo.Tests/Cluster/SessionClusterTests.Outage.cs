using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Silo.Tests.Cluster;

public abstract partial class SessionClusterTests<TFixture>
{
    [Fact]
    public async Task A_stalled_redis_answers_503_loses_no_acknowledged_change_and_leaves_no_activation_ahead_of_the_store()
    {
        var sessions = new List<SessionState>();
        for (var i = 0; i < 4; i++)
        {
            sessions.Add(await StartedAsync());
        }

        var acknowledged = sessions.ToDictionary(s => s.SessionId, s => s.Version);
        var unavailable = 0;
        var resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var afterResume = sessions.ToDictionary(s => s.SessionId, _ => 0);
        using var stop = new CancellationTokenSource();

        async Task LoadAsync(string id)
        {
            var grain = Grain(id);
            while (!stop.IsCancellationRequested)
            {
                SessionReply reply;
                try
                {
                    reply = await grain.Switch(new SwitchRequest());
                }
                catch (Exception ex) when (ex is TimeoutException or OrleansException)
                {
                    Interlocked.Increment(ref unavailable);
                    continue;
                }

                if (reply.Error is { Code: ErrorCodes.SERVICE_UNAVAILABLE } error)
                {
                    Assert.Equal(1, error.RetryAfterSeconds);
                    Interlocked.Increment(ref unavailable);
                    continue;
                }

                Assert.Null(reply.Error);
                lock (acknowledged)
                {
                    Assert.True(reply.State!.Version > acknowledged[id], "versions only go up");
                    acknowledged[id] = reply.State.Version;
                    if (resumed.Task.IsCompleted)
                    {
                        afterResume[id]++;
                    }
                }
            }
        }

        var load = sessions.Select(s => Task.Run(() => LoadAsync(s.SessionId))).ToArray();
        await EventuallyAsync(() => Task.FromResult(acknowledged.Values.Sum() > sessions.Sum(s => s.Version) + 20), "some switches before the stall");
        Fixture.Server.Suspend();
        try
        {
            await EventuallyAsync(() => Task.FromResult(Volatile.Read(ref unavailable) >= sessions.Count), "503s while Redis is stopped");
        }
        finally
        {
            Fixture.Server.Resume();
            resumed.TrySetResult();
        }

        await EventuallyAsync(() => Task.FromResult(afterResume.Values.All(n => n >= 3)), "every session switching again after the resume");
        await stop.CancelAsync();
        await Task.WhenAll(load);

        foreach (var s in sessions)
        {
            var stored = await StoredAsync(s.SessionId);
            Assert.True(stored!.Version >= acknowledged[s.SessionId], "an acknowledged switch is in the store");
            var versions = (await AuditEventsAsync(s.SessionId)).Select(e => e.GetProperty("version").GetInt64()).ToHashSet();
            Assert.All(Enumerable.Range(1, (int)stored.Version), v => Assert.Contains(v, versions));
            var held = await AcrossFailoverAsync(() => Grain(s.SessionId).Get(), "a read after the resume");
            Assert.Equal(stored.ToJson(), held.State!.ToJson());
        }
    }
}
