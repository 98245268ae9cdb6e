using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace SyncKairos.Audit.Migrations;

/// <summary>
/// Applies pending migrations in file-name order, each in its own transaction together with its
/// <c>schema_migrations</c> row. Before applying anything it checks every applied file's checksum and
/// refuses to run if one changed. Runners on several gateways starting at once serialise on a session-level
/// advisory lock, so each file is applied exactly once.
/// </summary>
public sealed class MigrationRunner
{
    /// <summary>Arbitrary but fixed: the advisory lock key every SyncKairos migration runner takes.</summary>
    private const long AdvisoryLockKey = 0x53_4B_4D_49_47_52_41_54; // "SKMIGRAT"

    private readonly NpgsqlDataSource _dataSource;
    private readonly IReadOnlyList<Migration> _migrations;
    private readonly ILogger _logger;

    public MigrationRunner(NpgsqlDataSource dataSource, IReadOnlyList<Migration>? migrations = null, ILogger? logger = null)
    {
        _dataSource = dataSource;
        _migrations = migrations ?? Migration.LoadEmbedded();
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Applies what is pending; returns the names applied now (empty when up to date).</summary>
    public async Task<IReadOnlyList<string>> RunAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    name        text PRIMARY KEY,
                    checksum    text NOT NULL,
                    applied_at  timestamptz NOT NULL DEFAULT now()
                )
                """, cancellationToken);
            var applied = await ReadAppliedAsync(connection, cancellationToken);
            Verify(applied);

            var done = new List<string>();
            foreach (var migration in _migrations.Where(m => !applied.ContainsKey(m.Name)))
            {
                await ApplyAsync(connection, migration, cancellationToken);
                _logger.MigrationApplied(migration.Name);
                done.Add(migration.Name);
            }

            return done;
        }
        finally
        {
            await UnlockAsync(connection);
        }
    }

    private static async Task UnlockAsync(NpgsqlConnection connection)
    {
        try
        {
            // Unlock even when cancelled: a pooled connection would otherwise keep holding the lock.
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // The session is gone, and its advisory lock with it.
        }
    }

    private void Verify(Dictionary<string, string> applied)
    {
        foreach (var migration in _migrations)
        {
            if (applied.TryGetValue(migration.Name, out var checksum) && checksum != migration.Checksum)
            {
                throw new MigrationChecksumException(
                    $"Migration {migration.Name} was applied with checksum {checksum} but the file now has {migration.Checksum}. " +
                    "Applied migrations must never change: add a new numbered file instead.");
            }
        }
    }

    private static async Task ApplyAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(migration.Sql, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var record = new NpgsqlCommand(
            "INSERT INTO schema_migrations (name, checksum) VALUES (@name, @checksum)", connection, transaction))
        {
            record.Parameters.AddWithValue("name", migration.Name);
            record.Parameters.AddWithValue("checksum", migration.Checksum);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<Dictionary<string, string>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand("SELECT name, checksum FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetString(0)] = reader.GetString(1);
        }

        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
