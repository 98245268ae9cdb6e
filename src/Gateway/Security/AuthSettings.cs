namespace SyncKairos.Gateway.Security;

/// <summary>Configuration section <c>SyncKairos:Auth</c> (the README's configuration table lists every key).</summary>
public sealed class AuthSettings
{
    public const string Section = "SyncKairos:Auth";

    public bool Enabled { get; set; }

    public string? Issuer { get; set; }

    public string? Audience { get; set; }

    /// <summary>HS256 shared secret, base64. A secret: never logged.</summary>
    public string? SigningKey { get; set; }

    /// <summary>RS256 or ES256 public key in PEM (SubjectPublicKeyInfo).</summary>
    public string? PublicKeyPem { get; set; }

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}
