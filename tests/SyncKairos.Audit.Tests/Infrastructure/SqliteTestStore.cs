using Microsoft.Data.Sqlite;
using SyncKairos.Audit.Reading;
using SyncKairos.Audit.Sinks;

namespace SyncKairos.Audit.Tests.Infrastructure;

public sealed class SqliteTestStore : TestStore
{
    private readonly string _directory;

    private SqliteTestStore()
    {
        _directory = Path.Combine(Path.GetTempPath(), "synckairos-tests", $"sqlite-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_directory);
        DatabasePath = Path.Combine(_directory, "audit.db");
        Sink = new SqliteAuditSink(DatabasePath);
        Reader = new SqliteAuditEventReader(DatabasePath);
    }

    public string DatabasePath { get; }

    public override IAuditSink Sink { get; }

    public override IAuditEventReader Reader { get; }

    public static async Task<SqliteTestStore> CreateAsync(CancellationToken cancellationToken)
    {
        var store = new SqliteTestStore();
        await store.Sink.EnsureReadyAsync(cancellationToken);
        return store;
    }

    public override async Task<long> CountEventsAsync(CancellationToken cancellationToken) =>
        (long)(await ScalarAsync("SELECT count(*) FROM sync_events", null, cancellationToken))!;

    public override async Task<long?> LastVersionAsync(Guid sessionId, CancellationToken cancellationToken) =>
        await ScalarAsync("SELECT last_version FROM sync_sessions WHERE session_id = $id", sessionId.ToString(), cancellationToken) as long?;

    public async Task<object?> ScalarAsync(string sql, string? id, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (id is not null)
        {
            command.Parameters.AddWithValue("$id", id);
        }

        return await command.ExecuteScalarAsync(cancellationToken);
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }
}
