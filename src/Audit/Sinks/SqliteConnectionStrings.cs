using Microsoft.Data.Sqlite;

namespace SyncKairos.Audit.Sinks;

internal static class SqliteConnectionStrings
{
    /// <summary>The connection string for the audit file; its folder is created here, since SQLite creates only the file.</summary>
    public static string For(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        return Build(path);
    }

    private static string Build(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        // Writer and reader share the file; wait for a lock rather than fail at once.
        DefaultTimeout = 30,
    }.ToString();
}
