namespace SyncKairos.Gateway.Security;

/// <summary>
/// Configuration section <c>SyncKairos:Cors</c>: browser origins allowed to call the API (CORS) and to open
/// WebSockets. Empty: no CORS headers, and WebSocket origins are not checked.
/// </summary>
public sealed class CorsSettings
{
    public const string Section = "SyncKairos:Cors";

    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>Allows cookies/credentials; refused at start-up together with the <c>*</c> origin.</summary>
    public bool AllowCredentials { get; set; }

    public bool IsAllowed(string origin) =>
        AllowedOrigins.Any(o => o == "*" || string.Equals(o.TrimEnd('/'), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
}
