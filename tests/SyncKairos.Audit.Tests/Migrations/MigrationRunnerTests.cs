using Microsoft.Extensions.Configuration;
using SyncKairos.Audit.Migrations;
using SyncKairos.Audit.Tests.Infrastructure;

namespace SyncKairos.Audit.Tests.Migrations;

public sealed class MigrationRunnerTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Fresh_database_gets_every_migration_in_order()
    {
        await using var db = await postgres.CreateDatabaseAsync(Ct);

        var applied = await new MigrationRunner(db.DataSource).RunAsync(Ct);

        Assert.Equal(["001_initial_schema.sql", "002_add_indexes.sql"], applied);
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations", Ct));
        Assert.Equal(4L, await db.ScalarAsync<long>(
            "SELECT count(*) FROM pg_indexes WHERE indexname IN ('ix_sync_events_session_version', 'ix_sync_events_occurred_at', " +
            "'ix_sync_events_event_type', 'ix_sync_sessions_created_at')", Ct));
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_type WHERE typname IN ('sync_mode', 'sync_status')", Ct));
    }

    [Fact]
    public async Task Rerun_is_a_no_op()
    {
        await using var db = await postgres.CreateDatabaseAsync(Ct);
        await new MigrationRunner(db.DataSource).RunAsync(Ct);
        var firstAppliedAt = await db.ScalarAsync<DateTime>("SELECT max(applied_at) FROM schema_migrations", Ct);

        var applied = await new MigrationRunner(db.DataSource).RunAsync(Ct);

        Assert.Empty(applied);
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations", Ct));
        Assert.Equal(firstAppliedAt, await db.ScalarAsync<DateTime>("SELECT max(applied_at) FROM schema_migrations", Ct));
    }

    [Fact]
    public async Task Changed_applied_file_is_refused_and_nothing_runs()
    {
        await using var db = await postgres.CreateDatabaseAsync(Ct);
        var original = Migration.LoadEmbedded();
        await new MigrationRunner(db.DataSource, [original[0]]).RunAsync(Ct);
        List<Migration> edited = [original[0] with { Sql = original[0].Sql + "\n-- edited after release\n" }, original[1]];

        var refused = await Assert.ThrowsAsync<MigrationChecksumException>(() => new MigrationRunner(db.DataSource, edited).RunAsync(Ct));

        Assert.Contains("001_initial_schema.sql", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations", Ct));
    }

    [Fact]
    public async Task Runners_starting_together_apply_each_file_once()
    {
        await using var db = await postgres.CreateDatabaseAsync(Ct);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => new MigrationRunner(db.DataSource).RunAsync(Ct)));

        Assert.Equal(2, results.Sum(r => r.Count));
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations", Ct));
    }

    [Fact]
    public async Task Migrate_command_reports_up_to_date_on_second_run()
    {
        await using var db = await postgres.CreateDatabaseAsync(Ct);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["SyncKairos:Audit:PostgresConnectionString"] = db.ConnectionString })
            .Build();
        var first = new StringWriter();
        var second = new StringWriter();

        Assert.Equal(0, await MigrationCommand.RunAsync(configuration, first, null, Ct));
        Assert.Equal(0, await MigrationCommand.RunAsync(configuration, second, null, Ct));

        Assert.Contains("applied 001_initial_schema.sql, 002_add_indexes.sql", first.ToString(), StringComparison.Ordinal);
        Assert.Contains("up to date", second.ToString(), StringComparison.Ordinal);
    }
}
