namespace SyncKairos.Audit.Sinks;

/// <summary>Outcome of a row-by-row write: how many rows were new, and the permanent error per row (null if stored).</summary>
public sealed record AuditRowResults(int Inserted, IReadOnlyList<Exception?> Errors);
