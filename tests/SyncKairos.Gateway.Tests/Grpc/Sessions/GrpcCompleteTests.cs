using SyncKairos.Gateway.Grpc;
using SyncKairos.Gateway.Tests.Infrastructure;
using SyncKairos.Grpc.V1;

namespace SyncKairos.Gateway.Tests.Grpc.Sessions;

/// <summary>Issue 16, item 1, on gRPC through the gateway: a completed session has no active clock and its last turn was charged.</summary>
public sealed class GrpcCompleteTests(TestServerGatewayFixture gateway) : IClassFixture<TestServerGatewayFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CompleteSessionStopsEveryClockAndChargesTheActiveOne()
    {
        using var http = gateway.CreateGrpcClient();
        var create = SyncKairosGrpcServiceTests.NewSession();
        create.IncrementMs = 0;
        var id = create.SessionId;
        await CallAsync(http, "CreateSession", create, CreateSessionResponse.Parser);
        await CallAsync(http, "StartSession", new StartSessionRequest { SessionId = id }, StartSessionResponse.Parser);
        var switched = await CallAsync(http, "SwitchCycle", new SwitchCycleRequest { SessionId = id }, SwitchCycleResponse.Parser);
        await Task.Delay(TimeSpan.FromMilliseconds(30), Ct);

        var completed = (await CallAsync(http, "CompleteSession", new CompleteSessionRequest { SessionId = id }, CompleteSessionResponse.Parser)).State;
        var read = (await CallAsync(http, "GetSession", new GetSessionRequest { SessionId = id }, GetSessionResponse.Parser)).State;

        foreach (var state in new[] { completed, read })
        {
            Assert.Equal(SessionStatus.Completed, state.Status);
            Assert.False(state.HasActiveParticipantId);
            Assert.False(state.HasCycleStartedAtMs);
            Assert.False(state.HasDeadlineAtMs);
            Assert.True(state.HasSessionCompletedAtMs);
            Assert.All(state.Participants, p => Assert.False(p.IsActive));
            var charged = state.Participants.Single(p => p.ParticipantId == switched.ActiveParticipantId);
            var elapsed = state.SessionCompletedAtMs - switched.CycleStartedAtMs;
            Assert.True(elapsed >= 30, $"server time moved only {elapsed} ms");
            Assert.Equal(elapsed, charged.TimeUsedMs);
            Assert.Equal(60_000 - elapsed, charged.TimeRemainingMs);
        }
    }

    private static async Task<T> CallAsync<T>(HttpClient client, string method, Google.Protobuf.IMessage request, Google.Protobuf.MessageParser<T> parser)
        where T : Google.Protobuf.IMessage<T>
    {
        var result = await GrpcWire.CallAsync(client, GrpcWire.Request($"/synckairos.v1.SyncKairos/{method}", GrpcWire.Frame(request)), Ct);
        Assert.True(result.Status == 0, $"{method}: {result.Status} {result.Message}");
        return parser.ParseFrom(Assert.Single(result.Messages));
    }
}
