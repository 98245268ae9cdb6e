namespace SyncKairos.Audit.Writing;

/// <summary>Thrown by <see cref="AuditWriterHooks.CrashAfterCommit"/> to unwind a worker as if its process died.</summary>
internal sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException()
        : base("Simulated writer crash between commit and trim.")
    {
    }
}
