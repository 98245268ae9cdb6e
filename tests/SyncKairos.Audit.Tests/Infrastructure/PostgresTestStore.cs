using SyncKairos.Audit.Migrations;
using SyncKairos.Audit.Reading;
using SyncKairos.Audit.Sinks;

namespace SyncKairos.Audit.Tests.Infrastructure;

public sealed class PostgresTestStore : TestStore
{
    private PostgresTestStore(TestDatabase database)
    {
        Database = database;
        Sink = new PostgresAuditSink(database.DataSource, new MigrationRunner(database.DataSource));
        Reader = new PostgresAuditEventReader(database.DataSource);
    }

    public TestDatabase Database { get; }

    public override IAuditSink Sink { get; }

    public override IAuditEventReader Reader { get; }

    public static Task<PostgresTestStore> CreateAsync(PostgresFixture postgres, CancellationToken cancellationToken) =>
        CreateAsync(postgres.ConnectionString, cancellationToken);

    public static async Task<PostgresTestStore> CreateAsync(string serverConnectionString, CancellationToken cancellationToken)
    {
        var store = new PostgresTestStore(await TestDatabase.CreateAsync(serverConnectionString, cancellationToken));
        await store.Sink.EnsureReadyAsync(cancellationToken);
        return store;
    }

    public override Task<long> CountEventsAsync(CancellationToken cancellationToken) =>
        Database.ScalarAsync<long>("SELECT count(*) FROM sync_events", cancellationToken);

    public override async Task<long?> LastVersionAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        await using var command = Database.DataSource.CreateCommand("SELECT last_version FROM sync_sessions WHERE session_id = @id");
        command.Parameters.AddWithValue("id", sessionId);
        return await command.ExecuteScalarAsync(cancellationToken) as long?;
    }

    public override ValueTask DisposeAsync() => Database.DisposeAsync();
}
