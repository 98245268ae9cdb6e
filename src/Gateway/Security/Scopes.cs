using System.Security.Claims;

namespace SyncKairos.Gateway.Security;

/// <summary>The scopes and claims of SyncKairos tokens, and which operations they allow.</summary>
public static class Scopes
{
    public const string Admin = "sessions:admin";
    public const string Play = "sessions:play";
    public const string Read = "sessions:read";
    public const string ParticipantIdClaim = "participant_id";
    public const string SessionIdClaim = "session_id";

    /// <summary>Scopes from <c>scope</c> (space-separated, OAuth 2) and <c>scp</c> (string or array).</summary>
    public static HashSet<string> Of(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindAll(c => c.Type is "scope" or "scp")
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <param name="sessionId">The session the request acts on; null when none (create, other routes).</param>
    public static AccessDecision Check(ClaimsPrincipal user, SessionOperation operation, string? sessionId)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (operation == SessionOperation.Public)
        {
            return AccessDecision.Allowed;
        }

        if (user.Identity?.IsAuthenticated != true)
        {
            return AccessDecision.Unauthenticated;
        }

        var scopes = Of(user);
        if (scopes.Contains(Admin) || operation == SessionOperation.Authenticated)
        {
            return AccessDecision.Allowed;
        }

        return operation switch
        {
            SessionOperation.Read when scopes.Contains(Read) => AccessDecision.Allowed,
            SessionOperation.Switch when scopes.Contains(Play) && IsBoundTo(user, sessionId) => AccessDecision.AllowedIfActive,
            _ => AccessDecision.Forbidden,
        };
    }

    public static string? ParticipantId(ClaimsPrincipal user) => user?.FindFirst(ParticipantIdClaim)?.Value;

    private static bool IsBoundTo(ClaimsPrincipal user, string? sessionId) =>
        sessionId is not null
        && !string.IsNullOrEmpty(ParticipantId(user))
        && string.Equals(user.FindFirst(SessionIdClaim)?.Value, sessionId, StringComparison.OrdinalIgnoreCase);
}
