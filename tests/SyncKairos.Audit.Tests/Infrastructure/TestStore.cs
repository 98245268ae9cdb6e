using SyncKairos.Audit.Reading;
using SyncKairos.Audit.Sinks;

namespace SyncKairos.Audit.Tests.Infrastructure;

/// <summary>A fresh audit store (its own PostgreSQL database or SQLite file) with the queries tests assert on.</summary>
public abstract class TestStore : IAsyncDisposable
{
    public abstract IAuditSink Sink { get; }

    public abstract IAuditEventReader Reader { get; }

    public abstract Task<long> CountEventsAsync(CancellationToken cancellationToken);

    /// <summary>The stored session row's last_version, or null when there is no row.</summary>
    public abstract Task<long?> LastVersionAsync(Guid sessionId, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}
