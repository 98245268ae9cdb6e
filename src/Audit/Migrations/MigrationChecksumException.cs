namespace SyncKairos.Audit.Migrations;

/// <summary>An already applied migration file differs from what was applied; the runner refuses to continue.</summary>
public sealed class MigrationChecksumException : Exception
{
    public MigrationChecksumException(string message)
        : base(message)
    {
    }

    public MigrationChecksumException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
