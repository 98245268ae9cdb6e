using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using SyncKairos.Gateway.Tests.Infrastructure;
using static SyncKairos.Gateway.Tests.Infrastructure.TestSessions;

namespace SyncKairos.Gateway.Tests.Security;

/// <summary>Public-key tokens, CORS and the WebSocket Origin allow-list, and settings refused at start-up.</summary>
public sealed class SecurityConfigurationTests(RedisFixture redis)
{
    [Theory]
    [InlineData("RS256")]
    [InlineData("ES256")]
    public async Task PublicKeyTokensAreAcceptedAndSharedSecretOnesAreNot(string algorithm)
    {
        var ct = TestContext.Current.CancellationToken;
        using var rsa = RSA.Create(2048);
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (pem, credentials) = algorithm == "RS256"
            ? (rsa.ExportSubjectPublicKeyInfoPem(), new SigningCredentials(new RsaSecurityKey(rsa), SecurityAlgorithms.RsaSha256))
            : (ecdsa.ExportSubjectPublicKeyInfoPem(), new SigningCredentials(new ECDsaSecurityKey(ecdsa), SecurityAlgorithms.EcdsaSha256));
        var settings = TestTokens.Settings(redis.Endpoint);
        settings.Remove("SyncKairos:Auth:SigningKey");
        settings["SyncKairos:Auth:PublicKeyPem"] = pem;
        await using var factory = new GatewayFactory(redis.Endpoint, settings);
        using var client = factory.CreateClient();

        using var good = new HttpRequestMessage(HttpMethod.Get, $"/v1/sessions/{NewId()}");
        good.Headers.Authorization = new("Bearer", TestTokens.Create("sessions:read", credentials: credentials));
        using (var response = await client.SendAsync(good, ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        // An HS256 token "signed" with the public key as the secret: the classic algorithm confusion.
        var confused = TestTokens.Create("sessions:admin", credentials: new SigningCredentials(new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(pem)), SecurityAlgorithms.HmacSha256));
        using var bad = new HttpRequestMessage(HttpMethod.Get, $"/v1/sessions/{NewId()}");
        bad.Headers.Authorization = new("Bearer", confused);
        using (var response = await client.SendAsync(bad, ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task CorsAndWebSocketOriginsFollowTheAllowList()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new GatewayFactory(redis.Endpoint, new Dictionary<string, string?>
        {
            ["SyncKairos:Cors:AllowedOrigins:0"] = "https://clock.example",
            ["SyncKairos:Cors:AllowCredentials"] = "true",
        });
        var baseAddress = factory.StartKestrel();
        using var client = new HttpClient { BaseAddress = baseAddress };

        foreach (var (origin, allowed) in new[] { ("https://clock.example", true), ("https://evil.example", false) })
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, "/v1/sessions");
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            using var response = await client.SendAsync(preflight, ct);
            var header = response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;
            Assert.True((allowed ? origin : null) == header, $"{origin}: {(int)response.StatusCode} {response.Headers} {header}");
            if (allowed)
            {
                Assert.Equal("true", response.Headers.GetValues("Access-Control-Allow-Credentials").Single());
            }

            using var socket = new ClientWebSocket();
            socket.Options.CollectHttpResponseDetails = true;
            socket.Options.SetRequestHeader("Origin", origin);
            try
            {
                await socket.ConnectAsync(new Uri($"ws://{baseAddress.Authority}/ws?sessionId={NewId()}"), ct);
            }
            catch (WebSocketException)
            {
            }

            Assert.Equal(allowed ? HttpStatusCode.SwitchingProtocols : HttpStatusCode.Forbidden, socket.HttpStatusCode);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AuthenticationRunsOnlyWhenAuthIsOn(bool enabled)
    {
        // With the services registered, WebApplication adds authentication middleware to every request by itself.
        var settings = TestTokens.Settings(redis.Endpoint);
        settings["SyncKairos:Auth:Enabled"] = enabled ? "true" : "false";
        await using var factory = new GatewayFactory(redis.Endpoint, settings);
        using var client = factory.CreateClient();
        var schemes = factory.Services.GetService(typeof(Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider));
        Assert.Equal(enabled, schemes is not null);

        using var response = await client.GetAsync($"/v1/sessions/{NewId()}", TestContext.Current.CancellationToken);
        Assert.Equal(enabled ? HttpStatusCode.Unauthorized : HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("SyncKairos:Cors:AllowedOrigins:0", "*", "SyncKairos:Cors:AllowCredentials", "true")]
    [InlineData("SyncKairos:Auth:Enabled", "true", "SyncKairos:Auth:Issuer", "")]
    [InlineData("SyncKairos:Auth:Enabled", "true", "SyncKairos:Auth:SigningKey", "c2hvcnQ=")]
    [InlineData("SyncKairos:RateLimits:GeneralPerMinute", "0", "SyncKairos:RateLimits:SwitchPerSecond", "10")]
    public async Task UnsafeSettingsStopTheStart(string key1, string value1, string key2, string value2)
    {
        var settings = TestTokens.Settings(redis.Endpoint);
        settings["SyncKairos:Auth:Enabled"] = "false";
        settings[key1] = value1;
        settings[key2] = value2;
        await using var factory = new GatewayFactory(redis.Endpoint, settings);
        var failure = Record.Exception(() => factory.CreateClient());
        Assert.NotNull(failure);
        var options = failure as OptionsValidationException ?? failure.InnerException as OptionsValidationException
            ?? (failure as AggregateException)?.InnerExceptions.OfType<OptionsValidationException>().FirstOrDefault();
        Assert.True(options is not null, failure.ToString());
        Assert.DoesNotContain("c2hvcnQ=", failure.ToString(), StringComparison.Ordinal);
    }
}
