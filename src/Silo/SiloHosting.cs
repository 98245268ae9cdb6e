using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;
using SyncKairos.Grains.Sessions;
using SyncKairos.Grains.Storage;
using SyncKairos.Silo.Embedded;
using SyncKairos.Silo.Redis;

namespace SyncKairos.Silo;

/// <summary>The silo configuration every host shares (gateway silo and headless silo).</summary>
public static class SiloHosting
{
    /// <summary>
    /// Co-hosts an Orleans silo running SessionGrain in this application. With <c>SyncKairos:Redis:ConnectionString</c>
    /// set, membership and the grain directory live in that Redis; empty, the silo clusters with itself on 127.0.0.1
    /// and the session state lives in an embedded Garnet.
    /// </summary>
    public static IHostApplicationBuilder AddSyncKairosSilo(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var silo = builder.Configuration.GetSection(SiloSettings.Section).Get<SiloSettings>() ?? new SiloSettings();
        var redis = builder.Configuration.GetSection(RedisConnectionSettings.Section).Get<RedisConnectionSettings>() ?? new RedisConnectionSettings();
        builder.Services.AddOptions<SiloSettings>().BindConfiguration(SiloSettings.Section).ValidateDataAnnotations().ValidateOnStart();

        builder.UseOrleans(orleans =>
        {
            orleans.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = silo.ClusterId;
                o.ServiceId = silo.ServiceId;
            });

            if (redis.UseEmbedded)
            {
                orleans.UseLocalhostClustering(silo.Port, silo.GatewayPort, serviceId: silo.ServiceId, clusterId: silo.ClusterId);
                orleans.Configure<EndpointOptions>(o => o.AdvertisedIPAddress = IPAddress.Loopback);
            }
            else if (string.IsNullOrWhiteSpace(silo.AdvertisedAddress))
            {
                orleans.ConfigureEndpoints(silo.Port, silo.GatewayPort, listenOnAnyHostAddress: true);
            }
            else
            {
                orleans.ConfigureEndpoints(IPAddress.Parse(silo.AdvertisedAddress), silo.Port, silo.GatewayPort, listenOnAnyHostAddress: true);
            }

            orleans.AddSyncKairosGrains();
        });
        return builder;
    }

    /// <summary>
    /// What every SyncKairos silo runs, whoever picks its cluster id and ports (the hosts above, the test cluster):
    /// the shared Redis, Redis membership and grain directory when a Redis is configured, and fast failure detection.
    /// </summary>
    public static ISiloBuilder AddSyncKairosGrains(this ISiloBuilder orleans)
    {
        ArgumentNullException.ThrowIfNull(orleans);
        var services = orleans.Services;
        services.AddOptions<RedisConnectionSettings>().BindConfiguration(RedisConnectionSettings.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RedisConnectionSettings>, RedisConnectionSettingsValidator>();
        services.AddOptions<EmbeddedSettings>().BindConfiguration(EmbeddedSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SyncKairosRedis>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SyncKairosRedis>());
        services.AddSingleton<IRedisConnectionSource>(sp => sp.GetRequiredService<SyncKairosRedis>());

        // For the host's other components; resolve it only after the silo started (or after SyncKairosRedis.ConnectAsync).
        services.AddSingleton<IConnectionMultiplexer>(sp => sp.GetRequiredService<SyncKairosRedis>().Multiplexer);
        services.TryAddSingleton(new SessionClock(TimeProvider.System));
        services.AddOptions<SessionStorageOptions>().BindConfiguration(SessionStorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SessionGrainOptions>().BindConfiguration(SessionGrainOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SwitchRateLimitOptions>().BindConfiguration(SwitchRateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ExpiryBackstopOptions>().BindConfiguration(ExpiryBackstopOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SessionStorage>();

        // Registered inside the silo's configuration, so it starts after the silo (it calls grains) and stops before it.
        services.AddHostedService<ExpiryBackstop>();

        var redis = orleans.Configuration.GetSection(RedisConnectionSettings.Section).Get<RedisConnectionSettings>() ?? new RedisConnectionSettings();
        if (!redis.UseEmbedded)
        {
            ConfigurationOptions configuration;
            try
            {
                configuration = RedisConnectionString.ToConfigurationOptions(redis.ConnectionString);
            }
            catch (FormatException ex)
            {
                // Thrown while the host is being built, before options validation could report it.
                throw new OptionsValidationException(RedisConnectionSettings.Section, typeof(RedisConnectionSettings), [RedisConnectionString.Invalid(ex)]);
            }

            orleans.UseRedisClustering(o => o.ConfigurationOptions = configuration);
            services.AddOptions<Orleans.Clustering.Redis.RedisClusteringOptions>()
                .Configure<SyncKairosRedis>((o, shared) => o.CreateMultiplexer = async _ => (await shared.ConnectAsync(), true));
            orleans.UseRedisGrainDirectoryAsDefault(o => o
                .Configure<SyncKairosRedis>((d, shared) =>
                {
                    d.ConfigurationOptions = configuration;
                    d.CreateMultiplexer = async _ => (await shared.ConnectAsync(), true);
                }));
        }

        orleans.Configure<ClusterMembershipOptions>(ConfigureFailureDetection);
        return orleans;
    }

    // A silo that dies with running sessions stalls their clocks' expiry until the cluster declares it dead (DESIGN:
    // expiry within failure detection + 5 s): probe every second, give up after two missed probes, so a dead silo is
    // declared in a few seconds instead of Orleans' default of tens of seconds.
    private static void ConfigureFailureDetection(ClusterMembershipOptions o)
    {
        o.ProbeTimeout = TimeSpan.FromSeconds(1);
        o.NumMissedProbesLimit = 2;
        o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
    }
}
