namespace SyncKairos.Gateway.Routing;

/// <summary>Names of the shared budgets a route can ask for beyond the general one (API.md, rate limits).</summary>
public static class RateLimitPolicies
{
    /// <summary>Switches per session per <c>SwitchWindow</c>, charged after the general budget.</summary>
    public const string SessionSwitch = "session-switch";
}
