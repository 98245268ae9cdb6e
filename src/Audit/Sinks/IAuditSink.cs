using SyncKairos.Audit.Events;

namespace SyncKairos.Audit.Sinks;

/// <summary>A durable store for audit events. Every write is idempotent on the event id.</summary>
public interface IAuditSink
{
    /// <summary>Retention when <see cref="AuditOptions.RetentionDays"/> is not set; 0 keeps everything.</summary>
    int DefaultRetentionDays { get; }

    /// <summary>Makes the store ready to accept writes (schema present). Safe to call repeatedly.</summary>
    Task EnsureReadyAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores the batch atomically: every event unless its id is stored already, and each session's
    /// latest state without moving <c>last_version</c> backwards. Returns how many events were new.
    /// </summary>
    Task<int> WriteBatchAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the events one by one in one transaction, each behind a savepoint, so that the rows that fail for a
    /// permanent reason are set aside while the others commit. Throws for anything not attributable to one row.
    /// </summary>
    Task<AuditRowResults> WriteEachAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes up to <paramref name="limit"/> events that occurred before <paramref name="cutoff"/>, oldest first, in
    /// one short transaction, then sessions last updated before it (their events are older still). Returns how many
    /// events and sessions went; less than the limit of each means nothing older is left.
    /// </summary>
    Task<AuditPruneResult> PruneAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken);

    /// <summary>Whether an exception from this store is worth retrying as is, or is the fault of the data.</summary>
    AuditErrorKind Classify(Exception exception);
}
