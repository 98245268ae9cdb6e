using Npgsql;

namespace SyncKairos.Audit.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server given by SYNCKAIROS_TEST_POSTGRES (./test.sh starts one). Each test asks for its own
/// database so tests run in parallel and migrations always see a fresh schema.
/// </summary>
public sealed class PostgresFixture
{
    public const string Variable = "SYNCKAIROS_TEST_POSTGRES";

    public PostgresFixture()
    {
        ConnectionString = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set. These tests need a real PostgreSQL 15+: run ./test.sh, or start one and export " +
                $"{Variable}=\"Host=127.0.0.1;Port=PORT;Username=postgres;Database=postgres\".");
    }

    public string ConnectionString { get; }

    public Task<TestDatabase> CreateDatabaseAsync(CancellationToken cancellationToken) =>
        TestDatabase.CreateAsync(ConnectionString, cancellationToken);
}
