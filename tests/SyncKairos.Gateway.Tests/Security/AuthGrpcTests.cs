using Google.Protobuf;
using SyncKairos.Gateway.Tests.Grpc;
using SyncKairos.Grpc.V1;
using static SyncKairos.Gateway.Tests.Infrastructure.TestSessions;

namespace SyncKairos.Gateway.Tests.Security;

/// <summary>The same scope rules on gRPC: UNAUTHENTICATED (16) and PERMISSION_DENIED (7) from the <c>authorization</c> metadata.</summary>
public sealed class AuthGrpcTests(AuthGatewayFixture gateway) : IClassFixture<AuthGatewayFixture>
{
    private const string Service = "/synckairos.v1.SyncKairos/";

    public static TheoryData<string, string, int> ScopeMatrix()
    {
        var data = new TheoryData<string, string, int>();
        string[] methods = ["CreateSession", "StartSession", "GetSession", "SwitchCycle", "PauseSession", "ResumeSession", "CompleteSession", "DeleteSession"];
        foreach (var method in methods)
        {
            data.Add("admin", method, 0);
            data.Add("none", method, 16);
            data.Add("read", method, method == "GetSession" ? 0 : 7);
            data.Add("play", method, method == "SwitchCycle" ? 0 : 7);
            data.Add("play-other-session", method, 7);
            data.Add("expired", method, 16);
            data.Add("alg-none", method, 16);
        }

        return data;
    }

    private async Task<GrpcWireResult> CallAsync(HttpClient client, string method, IMessage message, string? token)
    {
        var headers = token is null ? [] : new[] { ("authorization", "Bearer " + token) };
        return await GrpcWire.CallAsync(client, GrpcWire.Request(Service + method, GrpcWire.Frame(message), headers), TestContext.Current.CancellationToken);
    }

    [Theory]
    [MemberData(nameof(ScopeMatrix))]
    public async Task ScopeAllowsOrRefusesMethod(string who, string method, int expectedStatus)
    {
        using var admin = gateway.Client(TestTokens.Admin());
        using var grpc = gateway.GrpcClient();
        var id = NewId();
        var body = CreateBody(id);
        var first = body["participants"]![0]!["participant_id"]!.GetValue<string>();
        if (method != "CreateSession")
        {
            using var created = await admin.PostAsync("/v1/sessions", Json(body), TestContext.Current.CancellationToken);
            Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
            if (method is "SwitchCycle" or "PauseSession" or "ResumeSession" or "CompleteSession")
            {
                await PostAsync(admin, $"/v1/sessions/{id}/start");
            }

            if (method == "ResumeSession")
            {
                await PostAsync(admin, $"/v1/sessions/{id}/pause");
            }
        }

        var token = who switch
        {
            "admin" => TestTokens.Admin(),
            "read" => TestTokens.Reader(),
            "play" => TestTokens.Player(id, first),
            "play-other-session" => TestTokens.Player(NewId(), first),
            "expired" => TestTokens.Expired(),
            "alg-none" => TestTokens.AlgNone(),
            _ => null,
        };
        IMessage message = method switch
        {
            "CreateSession" => new CreateSessionRequest
            {
                SessionId = id,
                SyncMode = SyncMode.PerParticipant,
                TotalTimeMs = 120_000,
                Participants = { new ParticipantInput { ParticipantId = first, ParticipantIndex = 0, TotalTimeMs = 60_000 } },
            },
            "StartSession" => new StartSessionRequest { SessionId = id },
            "GetSession" => new GetSessionRequest { SessionId = id },
            "SwitchCycle" => new SwitchCycleRequest { SessionId = id },
            "PauseSession" => new PauseSessionRequest { SessionId = id },
            "ResumeSession" => new ResumeSessionRequest { SessionId = id },
            "CompleteSession" => new CompleteSessionRequest { SessionId = id },
            _ => new DeleteSessionRequest { SessionId = id },
        };

        var result = await CallAsync(grpc, method, message, token);
        Assert.True(expectedStatus == result.Status, $"{who} {method}: {result.Status} {result.Message}");
        if (expectedStatus == 16)
        {
            Assert.Equal("UNAUTHORIZED", result.Message);
        }
        else if (expectedStatus == 7)
        {
            Assert.Equal("FORBIDDEN", result.Message);
        }
    }

    [Fact]
    public async Task ParticipantCannotSwitchWhenNotActive()
    {
        using var admin = gateway.Client(TestTokens.Admin());
        using var grpc = gateway.GrpcClient();
        var id = NewId();
        var body = CreateBody(id);
        var second = body["participants"]![1]!["participant_id"]!.GetValue<string>();
        using (var created = await admin.PostAsync("/v1/sessions", Json(body), TestContext.Current.CancellationToken))
        {
            Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        }

        await PostAsync(admin, $"/v1/sessions/{id}/start");
        var refused = await CallAsync(grpc, "SwitchCycle", new SwitchCycleRequest { SessionId = id, ExpectedActiveParticipantId = second }, TestTokens.Player(id, second));
        Assert.Equal(7, refused.Status);
        Assert.Equal(2, (await GetAsync(admin, $"/v1/sessions/{id}")).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task ServerTimeNeedsNoToken()
    {
        using var grpc = gateway.GrpcClient();
        var result = await CallAsync(grpc, "GetServerTime", new GetServerTimeRequest(), null);
        Assert.Equal(0, result.Status);
    }
}
