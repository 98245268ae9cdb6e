using System.Net;
using System.Text.Json.Nodes;
using SyncKairos.Gateway.Tests.Infrastructure;
using static SyncKairos.Gateway.Tests.Infrastructure.TestSessions;

namespace SyncKairos.Gateway.Tests.Security;

/// <summary>Every scope against every REST operation, and the tokens that must be refused.</summary>
public sealed class AuthRestTests(AuthGatewayFixture gateway) : IClassFixture<AuthGatewayFixture>
{
    public static TheoryData<string, string, int> ScopeMatrix()
    {
        var data = new TheoryData<string, string, int>();
        string[] operations = ["create", "start", "get", "events", "switch", "pause", "resume", "complete", "delete"];
        foreach (var op in operations)
        {
            data.Add("admin", op, Success(op));
            data.Add("none", op, 401);
            data.Add("read", op, op is "get" or "events" ? 200 : 403);
            data.Add("play", op, op == "switch" ? 200 : 403);
            data.Add("play-other-session", op, 403);
        }

        return data;
    }

    private static int Success(string op) => op switch
    {
        "create" => 201,
        "delete" => 204,
        _ => 200,
    };

    [Theory]
    [MemberData(nameof(ScopeMatrix))]
    public async Task ScopeAllowsOrRefusesOperation(string who, string op, int expected)
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = gateway.Client(TestTokens.Admin());
        var id = NewId();
        var body = CreateBody(id);
        var first = body["participants"]![0]!["participant_id"]!.GetValue<string>();
        if (op != "create")
        {
            using var created = await admin.PostAsync("/v1/sessions", Json(body), ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            if (op is "switch" or "pause" or "resume" or "complete")
            {
                await PostAsync(admin, $"/v1/sessions/{id}/start");
            }

            if (op == "resume")
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
            _ => null,
        };
        using var client = gateway.Client(token);
        using var response = op switch
        {
            "create" => await client.PostAsync("/v1/sessions", Json(body), ct),
            "get" => await client.GetAsync($"/v1/sessions/{id}", ct),
            "events" => await client.GetAsync($"/v1/sessions/{id}/events", ct),
            "delete" => await client.DeleteAsync($"/v1/sessions/{id}", ct),
            _ => await client.PostAsync($"/v1/sessions/{id}/{op}", null, ct),
        };

        Assert.Equal(expected, (int)response.StatusCode);
        if (expected is 401 or 403)
        {
            var error = (await response.ReadJsonAsync()).GetProperty("error");
            Assert.Equal(expected == 401 ? "UNAUTHORIZED" : "FORBIDDEN", error.GetProperty("code").GetString());
            var state = await GetAsync(admin, $"/v1/sessions/{id}", op == "create" ? 404 : 200);
            if (op != "create")
            {
                Assert.Equal(op is "switch" or "pause" or "complete" ? 2 : op == "resume" ? 3 : 1, state.GetProperty("version").GetInt32()); // nothing changed
            }
        }
    }

    public static TheoryData<string> BadTokens() => ["expired", "wrong-audience", "wrong-issuer", "wrong-signature", "alg-none", "garbage"];

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task InvalidTokenIsRefusedWith401(string kind)
    {
        var token = kind switch
        {
            "expired" => TestTokens.Expired(),
            "wrong-audience" => TestTokens.WrongAudience(),
            "wrong-issuer" => TestTokens.WrongIssuer(),
            "wrong-signature" => TestTokens.WrongSignature(),
            "alg-none" => TestTokens.AlgNone(),
            _ => "not.a.jwt",
        };
        using var client = gateway.Client(token);
        using var response = await client.GetAsync($"/v1/sessions/{NewId()}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("UNAUTHORIZED", (await response.ReadJsonAsync()).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task ParticipantSwitchesOnlyOnItsOwnTurn()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = gateway.Client(TestTokens.Admin());
        var id = NewId();
        var body = CreateBody(id);
        var first = body["participants"]![0]!["participant_id"]!.GetValue<string>();
        var second = body["participants"]![1]!["participant_id"]!.GetValue<string>();
        using (var created = await admin.PostAsync("/v1/sessions", Json(body), ct))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using var one = gateway.Client(TestTokens.Player(id, first));
        using var two = gateway.Client(TestTokens.Player(id, second));

        // Pending: nobody is active yet.
        using (var pending = await one.PostAsync($"/v1/sessions/{id}/switch", null, ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, pending.StatusCode);
        }

        await PostAsync(admin, $"/v1/sessions/{id}/start");
        using (var notYours = await two.PostAsync($"/v1/sessions/{id}/switch", null, ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notYours.StatusCode);
        }

        // A body naming itself as expected does not help the inactive player either.
        using (var forged = await two.PostAsync($"/v1/sessions/{id}/switch", Json(new JsonObject { ["expected_active_participant_id"] = second }), ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        }

        var switched = await PostAsync(one, $"/v1/sessions/{id}/switch");
        Assert.Equal(second, switched.GetProperty("active_participant_id").GetString());

        // Now it is two's turn, and one is refused.
        using (var again = await one.PostAsync($"/v1/sessions/{id}/switch", Json(new JsonObject { ["request_id"] = "x" }), ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
        }

        var back = await PostAsync(two, $"/v1/sessions/{id}/switch");
        Assert.Equal(first, back.GetProperty("active_participant_id").GetString());
        Assert.Equal(4, back.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task ParticipantSwitchWithMalformedBodyIsStillA400()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = gateway.Client(TestTokens.Admin());
        var id = NewId();
        var body = CreateBody(id);
        var first = body["participants"]![0]!["participant_id"]!.GetValue<string>();
        using (var created = await admin.PostAsync("/v1/sessions", Json(body), ct))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await PostAsync(admin, $"/v1/sessions/{id}/start");
        using var one = gateway.Client(TestTokens.Player(id, first));
        using var bad = await one.PostAsync($"/v1/sessions/{id}/switch", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"), ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task PublicRoutesNeedNoToken()
    {
        var ct = TestContext.Current.CancellationToken;
        using var anonymous = gateway.Client(null);
        string[] paths =
        [
            "/health", "/ready", "/v1/time", "/metrics", "/metrics.json", "/v1/cluster",
            "/api-docs.json", "/api-docs/", "/api-docs/swagger-ui-bundle.js", "/dashboard/", "/dashboard/dashboard.js", "/demo/",
        ];
        foreach (var path in paths)
        {
            using var response = await anonymous.GetAsync(path, ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
        }
    }

    [Theory]
    [InlineData("GET", "/v1/nothing-here")]
    [InlineData("GET", "/dashboardx")]
    [InlineData("GET", "/v1/sessions")]
    [InlineData("PUT", "/v1/sessions/00000000-0000-4000-8000-000000000000")]
    [InlineData("POST", "/v1/sessions/00000000-0000-4000-8000-000000000000/rewind")]
    public async Task UnknownRoutesNeedAnyTokenThenAnswerNotFound(string method, string path)
    {
        var ct = TestContext.Current.CancellationToken;
        using var anonymous = gateway.Client(null);
        using (var refused = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using var player = gateway.Client(TestTokens.Player(NewId(), "p"));
        using var response = await player.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NOT_FOUND", (await response.ReadJsonAsync()).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task SecretsAndTokensNeverReachTheLogs()
    {
        var ct = TestContext.Current.CancellationToken;
        var token = TestTokens.Reader();
        var bad = TestTokens.WrongSignature();
        using var anonymous = gateway.Client(null);
        using (var viaQuery = await anonymous.GetAsync($"/ws?sessionId={NewId()}&access_token={token}", ct))
        {
            Assert.NotEqual(HttpStatusCode.InternalServerError, viaQuery.StatusCode);
        }

        using (var badClient = gateway.Client(bad))
        {
            using var refused = await badClient.GetAsync($"/v1/sessions/{NewId()}", ct);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        var logs = gateway.Logs.AllText;
        Assert.NotEmpty(gateway.Logs.Entries);
        Assert.DoesNotContain(TestTokens.KeyBase64, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(token, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Split('.')[2], logs, StringComparison.Ordinal);
        Assert.DoesNotContain(bad.Split('.')[2], logs, StringComparison.Ordinal);
    }
}
