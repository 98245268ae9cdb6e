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

    [Theory]
    [InlineData("POST", "/v1/sessions", SessionOperation.Create)]
    [InlineData("POST", "/V1/Sessions/abc/Switch", SessionOperation.Switch)]
    [InlineData("GET", "/v1/sessions/abc/events", SessionOperation.Read)]
    [InlineData("DELETE", "/v1/sessions/abc", SessionOperation.Delete)]
    [InlineData("GET", "/v1/time", SessionOperation.Public)]
    [InlineData("GET", "/api-docs.json", SessionOperation.Public)]
    [InlineData("GET", "/dashboard/", SessionOperation.Public)]
    [InlineData("PUT", "/v1/sessions/abc", SessionOperation.Authenticated)]
    public void RoutesMapToOperations(string method, string path, SessionOperation expected)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        Assert.Equal(expected, SecurityRoutes.Classify(context.Request).Operation);
    }
}
