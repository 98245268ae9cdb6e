using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SyncKairos.Redis.Client;

namespace SyncKairos.Redis.Sessions;

/// <summary>Registers the session store and the expiry sweeper; the host registers the <see cref="RedisConnection"/>.</summary>
public static class SessionServiceCollectionExtensions
{
    public static IServiceCollection AddSyncKairosSessions(this IServiceCollection services, Action<SessionStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new SessionStoreOptions();
        configure?.Invoke(options);
        options.Validate();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(options);
        services.TryAddSingleton(sp => new SessionStore(
            sp.GetRequiredService<RedisConnection>(),
            sp.GetRequiredService<SessionStoreOptions>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ExpirySweeper>();

        // One instance, so hosts can subscribe to ExpirySweeper.Expired (e.g. for an expiry-lag histogram).
        services.AddHostedService(sp => sp.GetRequiredService<ExpirySweeper>());
        return services;
    }
}
