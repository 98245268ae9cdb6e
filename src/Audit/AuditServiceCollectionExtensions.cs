using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;
using SyncKairos.Audit.Migrations;
using SyncKairos.Audit.Reading;
using SyncKairos.Audit.Sinks;
using SyncKairos.Audit.Writing;

namespace SyncKairos.Audit;

public static class AuditServiceCollectionExtensions
{
    /// <summary>The key of the audit store's <see cref="NpgsqlDataSource"/>, so it never collides with another one.</summary>
    public const string DataSourceKey = "SyncKairos.Audit";

    /// <summary>
    /// Registers the audit trail from <c>SyncKairos:Audit</c>: PostgreSQL when <c>PostgresConnectionString</c> is
    /// set, otherwise the SQLite file at <c>SqlitePath</c>; the <see cref="IAuditEventReader"/>, the
    /// <see cref="AuditMetrics"/>, and (unless <c>WriterEnabled</c> is false) the <see cref="AuditWriter"/> hosted
    /// service, which takes the singleton <see cref="IConnectionMultiplexer"/> the host registers (resolved when the
    /// writer starts, so a host may connect to Redis in an earlier hosted service).
    /// </summary>
    public static IServiceCollection AddSyncKairosAudit(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(AuditOptions.SectionName);
        services.AddOptions<AuditOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        var options = section.Get<AuditOptions>() ?? new AuditOptions();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new AuditMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));

        if (!string.IsNullOrWhiteSpace(options.PostgresConnectionString))
        {
            services.AddKeyedSingleton(DataSourceKey, (sp, _) =>
                NpgsqlDataSource.Create(sp.GetRequiredService<IOptions<AuditOptions>>().Value.PostgresConnectionString!));
            services.TryAddSingleton<IAuditSink>(sp =>
            {
                var dataSource = sp.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceKey);
                var migrate = sp.GetRequiredService<IOptions<AuditOptions>>().Value.MigrateOnStart;
                var logger = sp.GetService<ILoggerFactory>()?.CreateLogger<MigrationRunner>();
                return new PostgresAuditSink(dataSource, migrate ? new MigrationRunner(dataSource, logger: logger) : null);
            });
            services.TryAddSingleton<IAuditEventReader>(sp =>
                new PostgresAuditEventReader(sp.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceKey)));
        }
        else
        {
            services.TryAddSingleton<IAuditSink>(sp => new SqliteAuditSink(sp.GetRequiredService<IOptions<AuditOptions>>().Value.SqlitePath));
            services.TryAddSingleton<IAuditEventReader>(sp => new SqliteAuditEventReader(sp.GetRequiredService<IOptions<AuditOptions>>().Value.SqlitePath));
        }

        if (options.WriterEnabled)
        {
            services.AddHostedService(sp => new AuditWriter(
                () => sp.GetRequiredService<IConnectionMultiplexer>(),
                sp.GetRequiredService<IAuditSink>(),
                sp.GetRequiredService<IOptions<AuditOptions>>().Value,
                sp.GetRequiredService<AuditMetrics>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<AuditWriter>>()));
        }

        return services;
    }
}
