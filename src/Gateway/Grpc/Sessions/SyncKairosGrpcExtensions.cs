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
    /// Registers <see cref="SyncKairosGrpcService"/> and its <see cref="ISessionUpdateFeed"/>. Needs a
    /// <see cref="SessionStore"/> in the container. <paramref name="subscriber"/> is called on first watch,
    /// so it may return a connection made at start-up; it may be shared with other owners of session channels.
    /// </summary>
    public static IServiceCollection AddSyncKairosGrpc(this IServiceCollection services, Func<IServiceProvider, RedisSubscriber> subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISessionUpdateFeed>(sp => new RedisSessionUpdateFeed(
            () => subscriber(sp),
            sessionId => sp.GetRequiredService<SessionStore>().ChannelFor(sessionId),
            sp.GetRequiredService<ILogger<RedisSessionUpdateFeed>>()));
        services.TryAddSingleton<SyncKairosGrpcService>();
        return services;
    }

    /// <summary>Serves <c>synckairos.v1.SyncKairos</c>; the service is resolved on the first call.</summary>
    public static IEndpointRouteBuilder MapSyncKairosGrpc(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var router = SyncKairosGrpcService.CreateRouter(services.GetRequiredService<SyncKairosGrpcService>);
        foreach (var filter in services.GetServices<IGrpcCallFilter>())
        {
            router.AddCallFilter(filter.OnCallAsync);
        }

        return endpoints.MapGrpcService(router);
    }
}
