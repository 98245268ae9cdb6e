using Microsoft.Extensions.Options;
using SyncKairos.Audit;
using SyncKairos.Gateway.Apis;
using SyncKairos.Grains.Storage;

using SyncKairos.Silo.Embedded;

namespace SyncKairos.Gateway.Audit;

/// <summary>Plugs the write-behind audit trail into the gateway: writer, reader, readiness and defaults.</summary>
public static class AuditHosting
{
    public static IServiceCollection AddGatewayAudit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSyncKairosAudit(configuration);

        var section = configuration.GetSection(AuditOptions.SectionName);
        services.AddOptions<AuditOptions>()
            .PostConfigure<IOptions<SessionStorageOptions>, IOptions<EmbeddedSettings>>((audit, sessions, embedded) =>
            {
                // docs/ARCHITECTURE.md, embedded default: the embedded audit file lives beside embedded Garnet's data unless configured.
                if (string.IsNullOrWhiteSpace(section[nameof(AuditOptions.SqlitePath)]))
                {
                    audit.SqlitePath = Path.Combine(embedded.Value.DataDirectory, "audit.db");
                }

                // The writer must drain exactly the lists the session scripts append to.
                if (string.IsNullOrWhiteSpace(section[nameof(AuditOptions.KeyPrefix)]))
                {
                    audit.KeyPrefix = sessions.Value.KeyPrefix + ":";
                }

                if (string.IsNullOrWhiteSpace(section[nameof(AuditOptions.Buckets)]))
                {
                    audit.Buckets = sessions.Value.AuditBuckets;
                }
            });
        services.AddSingleton<IReadinessCheck, AuditReadinessCheck>();
        return services;
    }
}
