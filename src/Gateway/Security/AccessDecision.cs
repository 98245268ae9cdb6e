namespace SyncKairos.Gateway.Security;

/// <summary>The outcome of a scope check.</summary>
public enum AccessDecision
{
    Allowed,

    /// <summary>No valid token: 401 / UNAUTHENTICATED.</summary>
    Unauthenticated,

    /// <summary>A valid token without the right: 403 / PERMISSION_DENIED.</summary>
    Forbidden,

    /// <summary>A participant token on its own session: allowed only while that participant is active.</summary>
    AllowedIfActive,
}
