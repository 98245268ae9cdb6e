using System.Text.Json;
using Microsoft.Extensions.Options;
using SyncKairos.Gateway.Storage;
using SyncKairos.Grains.Abstractions;
using SyncKairos.Redis.Sessions;

namespace SyncKairos.Gateway.Sessions;

/// <summary>Registers the session store, the read-side renderer, the expiry sweeper and the API's JSON settings.</summary>
public static class SessionServices
{
    public const string Section = "SyncKairos:Sessions";

    public static IServiceCollection AddSessions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SessionStoreOptions>().BindConfiguration(Section).ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<SessionStoreOptions>>(sp => new SessionTtlAlias(configuration, sp.GetRequiredService<ILogger<SessionTtlAlias>>()));
        services.AddSingleton<IValidateOptions<SessionStoreOptions>, SessionSettingsValidator>();

        // The store is resolved on first use, after StoreConnections has connected at start-up.
        services.AddSingleton(sp => new SessionStore(
            sp.GetRequiredService<StoreConnections>().Connection,
            sp.GetRequiredService<IOptions<SessionStoreOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SessionStateRenderer>();
        services.AddHostedService<ExpiryService>();
        services.AddHostedService<ScriptWarmUp>();

        services.ConfigureHttpJsonOptions(options =>
        {
            // docs/API.md's snake_case names and null-versus-absent rules come from the core's source-generated context.
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, SyncKairosJsonContext.Default);
        });
        return services;
    }
}
