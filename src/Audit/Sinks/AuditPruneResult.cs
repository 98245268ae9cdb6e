namespace SyncKairos.Audit.Sinks;

/// <summary>What one <see cref="IAuditSink.PruneAsync"/> round deleted.</summary>
public readonly record struct AuditPruneResult(int Events, int Sessions);
