using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Silo.Tests.Cluster;

public abstract partial class SessionClusterTests<TFixture>
{
    [Fact]
    public async Task A_repeated_request_id_gets_the_first_answer_after_the_session_moved_to_another_silo()
    {
        var state = await StartedAsync();
        var grain = Grain(state.SessionId);
        var request = new SwitchRequest { RequestId = Guid.NewGuid().ToString(), ExpectedActiveParticipantId = state.ActiveParticipantId };
        Fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var first = await grain.Switch(request);
        Assert.Null(first.Error);

        var host = await HostOfAsync(state.SessionId);
        try
        {
            await Fixture.Cluster.StopSiloAsync(host.Silo, TestContext.Current.CancellationToken);
            Fixture.Clock.Advance(TimeSpan.FromSeconds(1));
            var repeat = await AcrossFailoverAsync(() => grain.Switch(request), "the repeated switch");
            Assert.Null(repeat.Error);
            Assert.Equal(first.State!.ToJson(), repeat.State!.ToJson());
            Assert.NotEqual(host.Silo.SiloAddress, (await HostOfAsync(state.SessionId)).Silo.SiloAddress);
            Assert.Equal(first.State.Version, (await grain.Get()).State!.Version);
            Assert.Equal(first.State.Version, (await StoredAsync(state.SessionId))!.Version);

            // A new request id is a new switch.
            var next = await grain.Switch(new SwitchRequest { RequestId = Guid.NewGuid().ToString() });
            Assert.Equal(first.State.Version + 1, next.State!.Version);
        }
        finally
        {
            await Fixture.RestoreSilosAsync();
        }
    }

    [Fact]
    public async Task Sessions_of_a_killed_silo_keep_their_state_and_expire_by_the_backstop()
    {
        var sessions = new List<SessionState>();
        for (var i = 0; i < 9; i++)
        {
            sessions.Add(await StartedAsync(budgetMs: 5_000));
        }

        var hosts = new Dictionary<SiloAddress, List<SessionState>>();
        foreach (var s in sessions)
        {
            var silo = (await HostOfAsync(s.SessionId)).Silo;
            hosts.TryAdd(silo.SiloAddress, []);
            hosts[silo.SiloAddress].Add(s);
        }

        var (victimAddress, orphans) = hosts.MaxBy(h => h.Value.Count);
        var victim = Fixture.Cluster.GetSiloForAddress(victimAddress)!;
        try
        {
            var killed = Stopwatch.StartNew();
            await Fixture.Cluster.KillSiloAsync(victim, TestContext.Current.CancellationToken);

            // Past every deadline and the back-stop's grace, in session time.
            Fixture.Clock.Advance(TimeSpan.FromSeconds(10));
            foreach (var orphan in orphans)
            {
                await EventuallyAsync(
                    async () => (await StoredAsync(orphan.SessionId))?.Status == SessionStatuses.Expired,
                    $"session {orphan.SessionId} of the killed silo expired in the store without anyone calling it",
                    TimeSpan.FromSeconds(90));
            }

            output.WriteLine($"{Fixture.Server.Kind}: {orphans.Count} sessions of a killed silo expired {killed.ElapsedMilliseconds} ms after the kill");
            foreach (var s in sessions)
            {
                var reply = await AcrossFailoverAsync(() => Grain(s.SessionId).Get(), "a read after the kill");
                Assert.Equal(SessionStatuses.Expired, reply.State!.Status);
                Assert.Equal(s.Version + 1, reply.State.Version);
                Assert.Equal(s.Participants.Select(p => p.ParticipantId), reply.State.Participants.Select(p => p.ParticipantId));
            }
        }
        finally
        {
            await Fixture.RestoreSilosAsync();
        }
    }

    [Fact]
    public async Task An_observer_on_every_silo_receives_the_changes_of_a_session_active_on_one()
    {
        var state = await StartedAsync();
        var observers = new List<RecordingObserver>();
        foreach (var silo in Fixture.Cluster.GetActiveSilos().Cast<InProcessSiloHandle>())
        {
            var factory = silo.SiloHost.Services.GetRequiredService<IGrainFactory>();
            var observer = new RecordingObserver();
            observers.Add(observer);
            var reference = factory.CreateObjectReference<ISessionObserver>(observer);
            var subscribed = await factory.GetGrain<ISessionGrain>(state.SessionId.ToLowerInvariant()).Subscribe(reference);
            Assert.Equal(state.Version, subscribed.State!.Version);
        }

        Fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var switched = await Grain(state.SessionId).Switch(new SwitchRequest());
        foreach (var observer in observers)
        {
            var pushed = await observer.WaitForAsync(s => s.Version == switched.State!.Version, Patience);
            Assert.Equal(switched.State!.ActiveParticipantId, pushed.ActiveParticipantId);
        }

        Assert.True((await Grain(state.SessionId).Delete()).Existed);
        foreach (var observer in observers)
        {
            var (sessionId, version) = await observer.WaitForDeletionAsync(Patience);
            Assert.Equal(state.SessionId, sessionId);
            Assert.Equal(switched.State!.Version + 1, version);
        }

        GC.KeepAlive(observers);
    }
}
