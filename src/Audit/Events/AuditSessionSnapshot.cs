namespace SyncKairos.Audit.Events;

/// <summary>A <c>sync_sessions</c> row as of one event's version.</summary>
public sealed record AuditSessionSnapshot
{
    public required Guid SessionId { get; init; }

    public required string SyncMode { get; init; }

    public long? TimePerCycleMs { get; init; }

    public long IncrementMs { get; init; }

    public long? MaxTimeMs { get; init; }

    public required long CreatedAtMs { get; init; }

    public long? StartedAtMs { get; init; }

    public long? CompletedAtMs { get; init; }

    public string? Status { get; init; }

    public int TotalCycles { get; init; }

    public int TotalParticipants { get; init; }

    public string? MetadataJson { get; init; }

    public required long LastUpdatedAtMs { get; init; }

    public required long LastVersion { get; init; }
}
