using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SyncKairos.Gateway.Grpc.Sessions;

public static class SyncKairosGrpcExtensions
{
    /// <summary>
    /// Registers grpc-dotnet with <see cref="SyncKairosGrpcService"/>, server reflection and <c>grpc.health.v1</c>
    /// (whatever ASP.NET Core health checks are registered; the gateway adds those of <c>/ready</c>). Needs the
    /// silo's <see cref="Orleans.IGrainFactory"/> and the gateway's <see cref="Watching.SessionSubscriptions"/>.
    /// </summary>
    public static IServiceCollection AddSyncKairosGrpc(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);

        // Singletons: grpc-dotnet takes services and interceptors from the container when they are there,
        // instead of creating them per call.
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
