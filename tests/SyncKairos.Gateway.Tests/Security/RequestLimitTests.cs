using System.Net;
using System.Net.Sockets;
using System.Text;
using SyncKairos.Gateway.Tests.Infrastructure;

namespace SyncKairos.Gateway.Tests.Security;

/// <summary>
/// Over-long request targets (414) and too many or too large headers (431) answered in the API's envelope by a
/// real Kestrel, whose own limits sit at twice ours (past those Kestrel answers bare, and stays healthy).
/// </summary>
public sealed class RequestLimitTests(RedisFixture redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private GatewayFactory Gateway(bool small) => new(
        redis.Endpoint,
        small
            ? new Dictionary<string, string?>
            {
                ["SyncKairos:RequestLimits:MaxRequestTargetBytes"] = "1024",
                ["SyncKairos:RequestLimits:MaxHeaderBytes"] = "2048",
                ["SyncKairos:RequestLimits:MaxHeaderCount"] = "20",
            }
            : null);

    [Fact]
    public async Task ConfiguredLimitsAreAnsweredInTheEnvelope()
    {
        await using var factory = Gateway(small: true);
        using var client = new HttpClient { BaseAddress = factory.StartKestrel() };

        using (var fits = await client.GetAsync("/v1/time?pad=" + new string('a', 900), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
        }

        using (var longUrl = await client.GetAsync("/v1/time?pad=" + new string('a', 1500), Ct))
        {
            var error = await ApiTests.AssertErrorAsync(longUrl, HttpStatusCode.RequestUriTooLong, "VALIDATION_ERROR");
            Assert.Equal("url", error.GetProperty("details")[0].GetProperty("field").GetString());
            Assert.Equal("too_big", error.GetProperty("details")[0].GetProperty("code").GetString());
        }

        using (var bigHeader = new HttpRequestMessage(HttpMethod.Get, "/v1/time"))
        {
            bigHeader.Headers.Add("X-Padding", new string('b', 3000));
            using var response = await client.SendAsync(bigHeader, Ct);
            var error = await ApiTests.AssertErrorAsync(response, HttpStatusCode.RequestHeaderFieldsTooLarge, "VALIDATION_ERROR");
            Assert.Equal("headers", error.GetProperty("details")[0].GetProperty("field").GetString());
        }

        using (var manyHeaders = new HttpRequestMessage(HttpMethod.Get, "/v1/time"))
        {
            for (var i = 0; i < 30; i++)
            {
                manyHeaders.Headers.Add($"X-H{i}", "v");
            }

            using var response = await client.SendAsync(manyHeaders, Ct);
            await ApiTests.AssertErrorAsync(response, HttpStatusCode.RequestHeaderFieldsTooLarge, "VALIDATION_ERROR");
        }

        // The same on a WebSocket upgrade: refused before it becomes a socket.
        using (var upgrade = await client.GetAsync("/ws?sessionId=" + new string('c', 1500), Ct))
        {
            await ApiTests.AssertErrorAsync(upgrade, HttpStatusCode.RequestUriTooLong, "VALIDATION_ERROR");
        }
    }

    [Fact]
    public async Task DefaultLimitsReachPastKestrelsOwnDefaults()
    {
        // Kestrel alone would answer 8 KiB+ request lines and 32 KiB+ headers with empty bodies.
        await using var factory = Gateway(small: false);
        using var client = new HttpClient { BaseAddress = factory.StartKestrel() };

        using (var longUrl = await client.GetAsync("/v1/time?pad=" + new string('a', 12 * 1024), Ct))
        {
            await ApiTests.AssertErrorAsync(longUrl, HttpStatusCode.RequestUriTooLong, "VALIDATION_ERROR");
        }

        using var bigHeader = new HttpRequestMessage(HttpMethod.Get, "/v1/time");
        bigHeader.Headers.Add("X-Padding", new string('b', 40 * 1024));
        using var response = await client.SendAsync(bigHeader, Ct);
        await ApiTests.AssertErrorAsync(response, HttpStatusCode.RequestHeaderFieldsTooLarge, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task PastKestrelsBackstopTheAnswerIsBareAndTheServerStaysHealthy()
    {
        await using var factory = Gateway(small: true);
        var address = factory.StartKestrel();

        // Raw bytes, so nothing on the client side shortens or rejects the request.
        var target = "/v1/time?pad=" + new string('a', 1500);
        Assert.Equal(414, await RawStatusAsync(address, $"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", expectEnvelope: true));
        var hard = "/v1/time?pad=" + new string('a', 5000);
        Assert.Equal(414, await RawStatusAsync(address, $"GET {hard} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", expectEnvelope: false));
        var headers = $"GET /v1/time HTTP/1.1\r\nHost: x\r\nX-Padding: {new string('b', 5000)}\r\nConnection: close\r\n\r\n";
        Assert.Equal(431, await RawStatusAsync(address, headers, expectEnvelope: false));

        using var client = new HttpClient { BaseAddress = address };
        using var health = await client.GetAsync("/health", Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private static async Task<int> RawStatusAsync(Uri address, string request, bool expectEnvelope)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(address.Host, address.Port, Ct);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), Ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromSeconds(15));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var response = await reader.ReadToEndAsync(cts.Token);
        var statusLine = response[..response.IndexOf('\r', StringComparison.Ordinal)];
        Assert.Equal(expectEnvelope, response.Contains("\"VALIDATION_ERROR\"", StringComparison.Ordinal));
        return int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
