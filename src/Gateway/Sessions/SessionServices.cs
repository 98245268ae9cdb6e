using System.Text.Json;
using Microsoft.Extensions.Options;
using SyncKairos.Grains.Abstractions;
using SyncKairos.Grains.Storage;

namespace SyncKairos.Gateway.Sessions;

/// <summary>Registers the session settings, the read-side renderer and the API's JSON settings (the sessions themselves are grains).</summary>
public static class SessionServices
{
    public const string Section = "SyncKairos:Sessions";

    public static IServiceCollection AddSessions(this IServiceCollection services, IConfiguration configuration)
    {
        // The silo binds SessionStorageOptions to this section; the gateway adds the old key's alias and its messages.
        services.AddSingleton<IPostConfigureOptions<SessionStorageOptions>>(sp => new SessionTtlAlias(configuration, sp.GetRequiredService<ILogger<SessionTtlAlias>>()));
        services.AddSingleton<IValidateOptions<SessionStorageOptions>, SessionSettingsValidator>();
        services.AddSingleton<SessionStateRenderer>();

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
