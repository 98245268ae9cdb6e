using FsCheck;
using FsCheck.Fluent;
using SyncKairos.Grains.Abstractions;
using SyncKairos.Redis.Sessions;
using static SyncKairos.Redis.Tests.Sessions.Sessions;

namespace SyncKairos.Redis.Tests.Sessions;

/// <summary>
/// Model-based property: random command sequences applied to the scripts and to <see cref="ReferenceModel"/>
/// agree on every stored field, on every error code and on every expired participant.
/// </summary>
public abstract class SessionModelTests<TFixture>
    where TFixture : SessionServerFixture
{
    private readonly TFixture _fixture;

    protected SessionModelTests(TFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Scripts_agree_with_the_reference_model()
    {
        var store = _fixture.NewStore();
        var property = Prop.ForAll(ModelScenario.Generator.ToArbitrary(), scenario => Run(store, scenario));
        await Task.Run(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(150), property), TestContext.Current.CancellationToken);
    }

    private static void Run(SessionStore store, ModelScenario scenario)
    {
        var ct = TestContext.Current.CancellationToken;
        var ids = Ids(scenario.Participants);
        var groupIds = new[] { NewId(), NewId() };
        var request = Request(scenario.Mode, ids, scenario.Budget, scenario.Groups.Select(g => groupIds[g]).ToArray());
        request.DelayMs = scenario.Delay;
        request.IncrementMs = scenario.Increment;
        request.ExpiryPolicy = scenario.Policy;
        request.MaxTimeMs = scenario.MaxTime;
        var created = store.CreateAsync(request, T0, ct).GetAwaiter().GetResult();
        var model = new ReferenceModel(created);
        var now = T0;
        var log = new List<string>();
        foreach (var step in scenario.Steps)
        {
            now += step.Advance;
            var command = new ModelCommand(
                step.Kind,
                now,
                step.Next switch { < 0 => null, 9 => NewId(), var i => ids[i] },
                step.Expected < 0 ? null : ids[step.Expected]);
            log.Add(command.ToString());
            var (expectedError, expectedExpired, _) = model.Apply(command);
            var (actualError, actualExpired) = Execute(store, created.SessionId, command, ct);
            var context = $"after [{string.Join("; ", log)}]";
            Assert.True(expectedError == actualError, $"error {actualError ?? "none"} but the model says {expectedError ?? "none"} {context}");
            Assert.True(expectedExpired == actualExpired, $"expired {actualExpired ?? "none"} but the model says {expectedExpired ?? "none"} {context}");
            var stored = store.GetAsync(created.SessionId, ct).GetAwaiter().GetResult()!;
            var expectedJson = model.State.ToJson();
            var actualJson = stored.ToJson();
            Assert.True(expectedJson == actualJson, $"state differs {context}\nmodel:   {expectedJson}\nscripts: {actualJson}");
            if (stored.Status == SessionStatuses.Completed)
            {
                // A finished session has no active clock (API.md, complete).
                Assert.True(stored.ActiveParticipantId is null && stored.CycleStartedAt is null && stored.SessionCompletedAt is not null, $"completed with a clock {context}: {actualJson}");
            }
        }

        store.DeleteAsync(created.SessionId, ct).GetAwaiter().GetResult();
    }

    private static (string? Error, string? Expired) Execute(SessionStore store, string id, ModelCommand command, CancellationToken ct)
    {
        try
        {
            switch (command.Kind)
            {
                case ModelCommandKind.Start:
                    store.StartAsync(id, command.Now, ct).GetAwaiter().GetResult();
                    break;
                case ModelCommandKind.Switch:
                    var request = new SwitchRequest { NextParticipantId = command.Next, ExpectedActiveParticipantId = command.Expected };
                    return (null, store.SwitchAsync(id, request, command.Now, ct).GetAwaiter().GetResult().ExpiredParticipantId);
                case ModelCommandKind.Pause:
                    store.PauseAsync(id, command.Now, ct).GetAwaiter().GetResult();
                    break;
                case ModelCommandKind.Resume:
                    store.ResumeAsync(id, command.Now, ct).GetAwaiter().GetResult();
                    break;
                case ModelCommandKind.Complete:
                    store.CompleteAsync(id, command.Now, ct).GetAwaiter().GetResult();
                    break;
                case ModelCommandKind.Expire:
                    store.ExpireAsync(id, command.Now, ct).GetAwaiter().GetResult();
                    break;
            }

            return (null, null);
        }
        catch (SessionException ex)
        {
            return (ex.Code, null);
        }
    }
}
