using Npgsql;

namespace SyncKairos.Gateway.Tests.Audit;

/// <summary>Production's audit store: PostgreSQL (from SYNCKAIROS_TEST_POSTGRES), in a database of this class's own.</summary>
public sealed class PostgresAuditEventsTests : AuditEventsTests
{
    private string? _database;
    private string? _admin;

    protected override async Task<Dictionary<string, string?>> AuditSettingsAsync()
    {
        _admin = Environment.GetEnvironmentVariable("SYNCKAIROS_TEST_POSTGRES")
            ?? throw new InvalidOperationException("SYNCKAIROS_TEST_POSTGRES is not set: run ./test.sh, or point it at a PostgreSQL 15+ server");
        _database = $"sk_gw_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(_admin))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {_database}", connection);
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var builder = new NpgsqlConnectionStringBuilder(_admin) { Database = _database };
        return new Dictionary<string, string?> { ["SyncKairos:Audit:PostgresConnectionString"] = builder.ConnectionString };
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null && _admin is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_admin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
