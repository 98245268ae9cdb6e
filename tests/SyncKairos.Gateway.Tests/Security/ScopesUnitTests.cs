using System.Security.Claims;
using SyncKairos.Gateway.Security;

namespace SyncKairos.Gateway.Tests.Security;

public sealed class ScopesUnitTests
{
    [Fact]
    public void AnonymousIsUnauthenticatedExceptOnPublicRoutes()
    {
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity());
        Assert.Equal(AccessDecision.Unauthenticated, Scopes.Check(anonymous, SessionOperation.Read, "s"));
        Assert.Equal(AccessDecision.Allowed, Scopes.Check(anonymous, SessionOperation.Public, null));
    }

    [Fact]
    public void PlayIsBoundToItsSessionAndNeedsAParticipant()
    {
        Assert.Equal(AccessDecision.AllowedIfActive, Scopes.Check(TestTokens.Principal("sessions:play", "S1", "p"), SessionOperation.Switch, "s1"));
        Assert.Equal(AccessDecision.Forbidden, Scopes.Check(TestTokens.Principal("sessions:play", "S1", "p"), SessionOperation.Switch, "s2"));
        Assert.Equal(AccessDecision.Forbidden, Scopes.Check(TestTokens.Principal("sessions:play", "s1"), SessionOperation.Switch, "s1"));
        Assert.Equal(AccessDecision.Forbidden, Scopes.Check(TestTokens.Principal("sessions:play", "s1", "p"), SessionOperation.Read, "s1"));
    }

    [Fact]
    public void ScopesComeFromSpaceSeparatedScopeOrScp()
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim("scp", "sessions:read"), new Claim("scope", "a sessions:admin")], "t"));
        Assert.Equal(["sessions:read", "a", "sessions:admin"], Scopes.Of(user));
        Assert.Equal(AccessDecision.Allowed, Scopes.Check(user, SessionOperation.Delete, "x"));
    }
}
