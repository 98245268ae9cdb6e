using System.Diagnostics;
using System.Globalization;
using System.Net;
using SyncKairos.Gateway.Tests.Grpc;
using SyncKairos.Gateway.Tests.Infrastructure;
using SyncKairos.Grpc.V1;
using SyncKairos.Testing;
using static SyncKairos.Gateway.Tests.Infrastructure.TestSessions;

namespace SyncKairos.Gateway.Tests.Security;

/// <summary>
/// The shared limits of docs/API.md against real Redis (and Garnet). Each test is its own client: loopback is a
/// trusted proxy and every test sends a fresh <c>X-Forwarded-For</c> address, so budgets never mix.
/// </summary>
public sealed class RateLimitTests(RedisFixture redis)
{
    private static int _nextAddress;

    private static string NewClientAddress()
    {
        var n = Interlocked.Increment(ref _nextAddress) + (Environment.ProcessId % 200 * 1000);
        return string.Create(CultureInfo.InvariantCulture, $"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}");
    }

    private Dictionary<string, string> Settings(string generalPerWindow, string generalWindow = "00:01:00", string switchPerWindow = "1000", string switchWindow = "00:00:01") => new()
    {
        ["SyncKairos:Redis:ConnectionString"] = redis.Endpoint,
        ["SyncKairos:RateLimits:GeneralPerMinute"] = generalPerWindow,
        ["SyncKairos:RateLimits:GeneralWindow"] = generalWindow,
        ["SyncKairos:RateLimits:SwitchPerSecond"] = switchPerWindow,
        ["SyncKairos:RateLimits:SwitchWindow"] = switchWindow,
        ["SyncKairos:RateLimits:TrustedProxies:0"] = "127.0.0.0/8",
    };

    private static HttpClient Client(Uri baseAddress, string clientAddress)
    {
        var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", clientAddress);
        return client;
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : throw new Xunit.Sdk.XunitException($"missing header {name}");

    [Fact]
    public async Task TwoGatewayProcessesShareOneBudgetAcrossRestAndGrpc()
    {
        var ct = TestContext.Current.CancellationToken;
        var grpcA = $"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}";
        var settingsA = Settings("5");
        settingsA["SyncKairos:Grpc:Url"] = grpcA;
        await using var a = await GatewayProcess.StartAsync(settingsA, cancellationToken: TestContext.Current.CancellationToken);
        await using var b = await GatewayProcess.StartAsync(Settings("5"), cancellationToken: TestContext.Current.CancellationToken);
        var address = NewClientAddress();
        using var viaA = Client(a.BaseAddress, address);
        using var viaB = Client(b.BaseAddress, address);
        using var grpc = GrpcWire.CreateClient(new Uri(grpcA));

        var remaining = new List<string>();
        foreach (var client in new[] { viaA, viaB, viaA, viaB })
        {
            using var response = await client.GetAsync($"/v1/sessions/{NewId()}", ct);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("5;w=60", Header(response, "RateLimit-Policy"));
            Assert.Equal("5", Header(response, "RateLimit-Limit"));
            remaining.Add(Header(response, "RateLimit-Remaining"));
            Assert.InRange(int.Parse(Header(response, "RateLimit-Reset"), CultureInfo.InvariantCulture), 1, 60);
        }

        Assert.Equal(["4", "3", "2", "1"], remaining);

        // The fifth request of the budget is a gRPC call on instance A; the sixth is refused on B.
        var get = GrpcWire.Request("/synckairos.v1.SyncKairos/GetSession", GrpcWire.Frame(new GetSessionRequest { SessionId = NewId() }), ("x-forwarded-for", address));
        Assert.Equal(5, (await GrpcWire.CallAsync(grpc, get, ct)).Status); // NOT_FOUND: counted, then served

        using var refused = await viaB.GetAsync($"/v1/sessions/{NewId()}", ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("0", Header(refused, "RateLimit-Remaining"));
        var retryAfter = int.Parse(Header(refused, "Retry-After"), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        var error = (await refused.ReadJsonAsync()).GetProperty("error");
        Assert.Equal("RATE_LIMIT_EXCEEDED", error.GetProperty("code").GetString());
        Assert.Equal(retryAfter, error.GetProperty("details").GetProperty("retry_after_seconds").GetInt32());

        var again = GrpcWire.Request("/synckairos.v1.SyncKairos/GetSession", GrpcWire.Frame(new GetSessionRequest { SessionId = NewId() }), ("x-forwarded-for", address));
        var exhausted = await GrpcWire.CallAsync(grpc, again, ct);
        Assert.Equal(8, exhausted.Status);
        Assert.Equal("RATE_LIMIT_EXCEEDED", exhausted.Message);

        // Another client is untouched; probes and the clock are never limited.
        using var other = Client(a.BaseAddress, NewClientAddress());
        using (var fresh = await other.GetAsync($"/v1/sessions/{NewId()}", ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, fresh.StatusCode);
        }

        foreach (var path in new[] { "/health", "/ready", "/v1/time", "/health", "/v1/time" })
        {
            using var exempt = await viaA.GetAsync(path, ct);
            Assert.Equal(HttpStatusCode.OK, exempt.StatusCode);
        }

        var time = GrpcWire.Request("/synckairos.v1.SyncKairos/GetServerTime", GrpcWire.Frame(new GetServerTimeRequest()), ("x-forwarded-for", address));
        Assert.Equal(0, (await GrpcWire.CallAsync(grpc, time, ct)).Status);
    }

    [Theory]
    [InlineData(ServerKind.Redis)]
    [InlineData(ServerKind.Garnet)]
    public async Task SwitchLimitPerSessionRefusesThenRecoversAfterTheWindow(ServerKind kind)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = kind == ServerKind.Redis ? null : await RedisServerProcess.StartAsync(kind);
        // 3 per 15 s: one switch every 5 s. A burst of four always lands within one interval, however loaded the
        // machine (at 3 per 1.5 s, a burst slower than 0.5 s got its fourth switch through).
        var settings = Settings("100000", switchPerWindow: "3", switchWindow: "00:00:15");
        if (server is not null)
        {
            settings["SyncKairos:Redis:ConnectionString"] = server.Endpoint;
        }

        await using var factory = new GatewayFactory(settings["SyncKairos:Redis:ConnectionString"], settings!);
        using var client = Client(factory.StartKestrel(), NewClientAddress());
        var id = NewId();
        await CreateAsync(client, id);
        await PostAsync(client, $"/v1/sessions/{id}/start");
        for (var i = 0; i < 3; i++)
        {
            await PostAsync(client, $"/v1/sessions/{id}/switch");
        }

        using var refused = await client.PostAsync($"/v1/sessions/{id}/switch", null, ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);

        // The session grain counts the switch budget; the general budget's headers still describe the client's.
        Assert.Equal("100000;w=60", Header(refused, "RateLimit-Policy"));
        Assert.InRange(int.Parse(Header(refused, "Retry-After"), CultureInfo.InvariantCulture), 1, 15);
        var error = (await refused.ReadJsonAsync()).GetProperty("error");
        Assert.Equal("RATE_LIMIT_EXCEEDED", error.GetProperty("code").GetString());
        Assert.Equal(Header(refused, "Retry-After"), error.GetProperty("details").GetProperty("retry_after_seconds").GetInt64().ToString(CultureInfo.InvariantCulture));

        // Another session has its own switch budget.
        var other = NewId();
        await CreateAsync(client, other);
        await PostAsync(client, $"/v1/sessions/{other}/start");
        await PostAsync(client, $"/v1/sessions/{other}/switch");

        // Refused switches do not spend budget: the session recovers one interval (5 s) after the first success.
        var clock = Stopwatch.StartNew();
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        HttpStatusCode status;
        do
        {
            using var retry = await client.PostAsync($"/v1/sessions/{id}/switch", null, ct);
            status = retry.StatusCode;
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "switch budget never recovered");
            if (status != HttpStatusCode.OK)
            {
                await poll.WaitForNextTickAsync(ct);
            }
        }
        while (status == HttpStatusCode.TooManyRequests);

        Assert.Equal(HttpStatusCode.OK, status);
        var state = await GetAsync(client, $"/v1/sessions/{id}");
        Assert.Equal(6, state.GetProperty("version").GetInt32()); // create, start, 3 + 1 switches: none lost, none doubled
    }

    [Fact]
    public async Task GeneralLimitRecoversAfterTheWindow()
    {
        var ct = TestContext.Current.CancellationToken;
        // 2 per 10 s: one request every 5 s, so the third of a burst is refused however loaded the machine (at
        // 2 per 1 s, a burst slower than 0.5 s got its third request through).
        await using var factory = new GatewayFactory(redis.Endpoint, Settings("2", generalWindow: "00:00:10")!);
        using var client = Client(factory.StartKestrel(), NewClientAddress());
        for (var i = 0; i < 2; i++)
        {
            using var ok = await client.GetAsync($"/v1/sessions/{NewId()}", ct);
            Assert.Equal(HttpStatusCode.NotFound, ok.StatusCode);
        }

        using (var refused = await client.GetAsync($"/v1/sessions/{NewId()}", ct))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.InRange(int.Parse(Header(refused, "Retry-After"), CultureInfo.InvariantCulture), 1, 5);
        }

        var clock = Stopwatch.StartNew();
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (true)
        {
            using var retry = await client.GetAsync($"/v1/sessions/{NewId()}", ct);
            if (retry.StatusCode == HttpStatusCode.NotFound)
            {
                break;
            }

            Assert.Equal(HttpStatusCode.TooManyRequests, retry.StatusCode);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "general budget never recovered");
            await poll.WaitForNextTickAsync(ct);
        }
    }

    [Fact]
    public async Task ForwardedForFromAnUntrustedPeerIsIgnored()
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = Settings("2");
        settings["SyncKairos:RateLimits:TrustedProxies:0"] = "192.0.2.0/24";
        await using var factory = new GatewayFactory(redis.Endpoint, settings!);
        var baseAddress = factory.StartKestrel();

        // Changing X-Forwarded-For on every request does not escape the limit of the real peer address.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var client = Client(baseAddress, NewClientAddress());
            using var response = await client.GetAsync($"/v1/sessions/{NewId()}", ct);
            statuses.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }
}
