namespace SyncKairos.Audit.Writing;

/// <summary>Test seams to put the writer in the situations a real crash creates.</summary>
internal sealed class AuditWriterHooks
{
    /// <summary>
    /// Called with the bucket after a batch committed and before it is trimmed. Returning true makes the
    /// worker die on the spot, like a killed process: no trim, no lease release, no more renewals.
    /// </summary>
    public Func<int, ValueTask<bool>>? CrashAfterCommit { get; init; }
}
