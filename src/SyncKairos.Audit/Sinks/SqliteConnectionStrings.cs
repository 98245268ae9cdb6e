using Microsoft.Data.Sqlite;

namespace SyncKairos.Audit.Sinks;

internal static class SqliteConnectionStrings
{
    public static string For(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        // Writer and reader share the file; wait for a lock rather than fail at once.
        DefaultTimeout = 30,
    }.ToString();
}
