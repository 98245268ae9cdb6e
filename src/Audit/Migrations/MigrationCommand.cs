using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SyncKairos.Audit.Migrations;

/// <summary>The <c>migrate</c> command: <c>dotnet run --project src/SyncKairos.Gateway -- migrate</c>.</summary>
public static class MigrationCommand
{
    /// <summary>
    /// Applies pending migrations to <c>SyncKairos:Audit:PostgresConnectionString</c> and returns a process exit
    /// code: 0 when up to date, 1 when a changed migration was refused, 2 when nothing is configured.
    /// </summary>
    public static async Task<int> RunAsync(IConfiguration configuration, TextWriter output, ILogger? logger, CancellationToken cancellationToken)
    {
        var connectionString = configuration.GetSection(AuditOptions.SectionName)[nameof(AuditOptions.PostgresConnectionString)];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            await output.WriteLineAsync($"migrate: {AuditOptions.SectionName}:{nameof(AuditOptions.PostgresConnectionString)} is not set; " +
                "nothing to migrate (embedded mode creates its SQLite schema at start-up).");
            return 2;
        }

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            var applied = await new MigrationRunner(dataSource, logger: logger).RunAsync(cancellationToken);
            await output.WriteLineAsync(applied.Count == 0
                ? "migrate: database is up to date."
                : $"migrate: applied {string.Join(", ", applied)}.");
            return 0;
        }
        catch (MigrationChecksumException ex)
        {
            await output.WriteLineAsync($"migrate: refused: {ex.Message}");
            return 1;
        }
    }
}
