using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using SyncKairos.Redis.Client;
using SyncKairos.Redis.Sessions;

namespace SyncKairos.Gateway.Grpc.Sessions;

public static class SyncKairosGrpcExtensions
{
    /// <summary>
    /// Registers grpc-dotnet with <see cref="SyncKairosGrpcService"/>, its <see cref="ISessionUpdateFeed"/>, server
    /// reflection and <c>grpc.health.v1</c> (whatever ASP.NET Core health checks are registered; the gateway adds
    /// those of <c>/ready</c>). Needs a <see cref="SessionStore"/> in the container. <paramref name="subscriber"/>
    /// is called on first watch, so it may return a connection made at start-up; it may be shared with other
    /// owners of session channels.
    /// </summary>
    public static IServiceCollection AddSyncKairosGrpc(this IServiceCollection services, Func<IServiceProvider, RedisSubscriber> subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISessionUpdateFeed>(sp => new RedisSessionUpdateFeed(
            () => subscriber(sp),
            sessionId => sp.GetRequiredService<SessionStore>().ChannelFor(sessionId),
            sp.GetRequiredService<ILogger<RedisSessionUpdateFeed>>()));

        // Singletons: grpc-dotnet takes services and interceptors from the container when they are there,
        // instead of creating them per call. The store is resolved on the first call, after Redis is connected.
        services.TryAddSingleton<SyncKairosGrpcService>();
        services.TryAddSingleton<GrpcErrorInterceptor>();

        // The error mapping is global, so it is outside the per-service interceptors (authentication, rate limits).
        services.AddGrpc(grpc => grpc.Interceptors.Add<GrpcErrorInterceptor>());
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks(health => health.Services.Map(SyncKairosGrpcService.ServiceName, _ => true));
        return services;
    }

    /// <summary>Serves <c>synckairos.v1.SyncKairos</c>, server reflection and <c>grpc.health.v1.Health</c>.</summary>
    public static IEndpointRouteBuilder MapSyncKairosGrpc(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGrpcService<SyncKairosGrpcService>();
        endpoints.MapGrpcReflectionService();
        endpoints.MapGrpcHealthChecksService();
        return endpoints;
    }
}
