using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SyncKairos.Gateway.Observability.Metrics;
using SyncKairos.Gateway.Routing;
using SyncKairos.Gateway.Security;
using SyncKairos.Gateway.Tests.Infrastructure;

namespace SyncKairos.Gateway.Tests.Security;

/// <summary>What each mapped endpoint declares (scope, budgets, metric name), read as the middleware reads it.</summary>
public sealed class RouteMetadataTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private const string Grpc = "/synckairos.v1.SyncKairos/";

    public static TheoryData<string, string, SessionOperation, string, bool> Routes() => new()
    {
        // method, route template, operation, budgets ("none", "general"; the switch budget is the grain's), metered
        { "POST", "/v1/sessions", SessionOperation.Create, "general", true },
        { "GET", "/v1/sessions/{id}", SessionOperation.Read, "general", true },
        { "DELETE", "/v1/sessions/{id}", SessionOperation.Delete, "general", true },
        { "POST", "/v1/sessions/{id}/start", SessionOperation.Start, "general", true },
        { "POST", "/v1/sessions/{id}/switch", SessionOperation.Switch, "general", true },
        { "POST", "/v1/sessions/{id}/pause", SessionOperation.Pause, "general", true },
        { "POST", "/v1/sessions/{id}/resume", SessionOperation.Resume, "general", true },
        { "POST", "/v1/sessions/{id}/complete", SessionOperation.Complete, "general", true },
        { "GET", "/v1/sessions/{id}/events", SessionOperation.Read, "general", true },
        { "GET", "/ws", SessionOperation.Read, "general", false },
        { "GET", "/v1/time", SessionOperation.Public, "none", true },
        { "GET", "/health", SessionOperation.Public, "none", false },
        { "GET", "/ready", SessionOperation.Public, "none", false },
        { "GET", "/metrics", SessionOperation.Public, "none", false },
        { "GET", "/metrics.json", SessionOperation.Public, "general", false },
        { "GET", "/v1/cluster", SessionOperation.Public, "general", false },
        { "GET", "/api-docs.json", SessionOperation.Public, "none", false },
        { "GET", "/api-docs/{**file}", SessionOperation.Public, "none", false },
        { "GET", "/dashboard", SessionOperation.Public, "general", false },
        { "GET", "/dashboard/{file}", SessionOperation.Public, "general", false },
        { "GET", "/demo/{**path}", SessionOperation.Public, "general", true },
        { "POST", Grpc + "CreateSession", SessionOperation.Create, "general", true },
        { "POST", Grpc + "SwitchCycle", SessionOperation.Switch, "general", true },
        { "POST", Grpc + "GetSession", SessionOperation.Read, "general", true },
        { "POST", Grpc + "WatchSession", SessionOperation.Read, "general", true },
        { "POST", Grpc + "DeleteSession", SessionOperation.Delete, "general", true },
        { "POST", Grpc + "GetServerTime", SessionOperation.Public, "none", true },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public void EndpointDeclaresItsRouteKnowledge(string method, string route, SessionOperation operation, string budgets, bool metered)
    {
        var endpoint = Find(method, route);
        Assert.Equal(operation, EndpointRoutes.Operation(endpoint));
        var declared = EndpointRoutes.IsRateLimited(endpoint) ? "general" : "none";
        Assert.Equal(budgets, declared);
        Assert.Equal(metered ? route : null, RequestMetricsMiddleware.RouteOf(endpoint));
    }

    [Fact]
    public void NoEndpointNeedsATokenCountsAndIsMeteredAsUnmatched()
    {
        Assert.Equal(SessionOperation.Authenticated, EndpointRoutes.Operation(null));
        Assert.True(EndpointRoutes.IsRateLimited(null));
        Assert.Equal(RequestMetricsMiddleware.UnmatchedRoute, RequestMetricsMiddleware.RouteOf(null));
    }

    private RouteEndpoint Find(string method, string route)
    {
        var endpoints = gateway.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        return Assert.Single(endpoints, e =>
            RequestMetricsMiddleware.RouteOf(WithoutMetricsOptOut(e)) == route
            && (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains(method) ?? true));
    }

    /// <summary>The template as the metrics would name it, also for routes that opt out of metrics.</summary>
    private static RouteEndpoint WithoutMetricsOptOut(RouteEndpoint endpoint) =>
        new(endpoint.RequestDelegate!, endpoint.RoutePattern, endpoint.Order, EndpointMetadataCollection.Empty, endpoint.DisplayName);
}
