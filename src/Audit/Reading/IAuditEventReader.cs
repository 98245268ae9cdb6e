namespace SyncKairos.Audit.Reading;

/// <summary>Reads the audit history from whichever store is configured (PostgreSQL or the embedded SQLite file).</summary>
public interface IAuditEventReader
{
    /// <summary>A session's events with version greater than <paramref name="afterVersion"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AuditEventRecord>> GetEventsAsync(string sessionId, long afterVersion, int limit, CancellationToken cancellationToken);

    /// <summary>Throws if the store cannot answer a trivial query (readiness probe).</summary>
    Task PingAsync(CancellationToken cancellationToken);
}
