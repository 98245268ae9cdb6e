using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SyncKairos.Gateway.Tests.Security;

/// <summary>JWTs for the auth tests, signed with a key made per test run (never a secret in the repo).</summary>
public static class TestTokens
{
    public const string Issuer = "https://issuer.synckairos.test";
    public const string Audience = "synckairos-tests";

    public static byte[] Key { get; } = RandomNumberGenerator.GetBytes(32);

    public static string KeyBase64 { get; } = Convert.ToBase64String(Key);

    public static Dictionary<string, string?> Settings(string redisEndpoint) => new()
    {
        ["SyncKairos:Redis:ConnectionString"] = redisEndpoint,
        ["SyncKairos:Auth:Enabled"] = "true",
        ["SyncKairos:Auth:Issuer"] = Issuer,
        ["SyncKairos:Auth:Audience"] = Audience,
        ["SyncKairos:Auth:SigningKey"] = KeyBase64,
        ["SyncKairos:Auth:ClockSkew"] = "00:00:05",
    };

    public static string Admin() => Create("sessions:admin");

    public static string Reader() => Create("sessions:read");

    public static string Player(string sessionId, string participantId) =>
        Create("sessions:play", new() { ["session_id"] = sessionId, ["participant_id"] = participantId });

    public static string Create(
        string scope,
        Dictionary<string, object>? claims = null,
        DateTime? expires = null,
        string audience = Audience,
        string issuer = Issuer,
        SigningCredentials? credentials = null)
    {
        var exp = expires ?? DateTime.UtcNow.AddMinutes(10);
        var all = new Dictionary<string, object>(claims ?? []) { ["scope"] = scope, ["sub"] = "user-" + Guid.NewGuid().ToString("N") };
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Expires = exp,
            NotBefore = exp.AddHours(-2),
            IssuedAt = exp.AddHours(-2),
            Claims = all,
            SigningCredentials = credentials ?? new SigningCredentials(new SymmetricSecurityKey(Key), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>An unsigned token (<c>alg: none</c>) with admin scope: must never be accepted.</summary>
    public static string AlgNone()
    {
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var exp = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        var payload = Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(
            $$"""{"iss":"{{Issuer}}","aud":"{{Audience}}","exp":{{exp}},"sub":"mallory","scope":"sessions:admin"}"""));
        return header + "." + payload + ".";
    }

    public static string WrongSignature() =>
        Create("sessions:admin", credentials: new SigningCredentials(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)), SecurityAlgorithms.HmacSha256));

    public static string Expired() => Create("sessions:admin", expires: DateTime.UtcNow.AddMinutes(-5));

    public static string WrongAudience() => Create("sessions:admin", audience: "someone-else");

    public static string WrongIssuer() => Create("sessions:admin", issuer: "https://evil.test");

    internal static ClaimsPrincipal Principal(string scope, string? sessionId = null, string? participantId = null)
    {
        var claims = new List<Claim> { new("sub", "u"), new("scope", scope) };
        if (sessionId is not null)
        {
            claims.Add(new("session_id", sessionId));
        }

        if (participantId is not null)
        {
            claims.Add(new("participant_id", participantId));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
    }
}
