using System.Text;

namespace SyncKairos.Audit.Events;

/// <summary>One audit event decoded from the Redis list, shaped as a <c>sync_events</c> row.</summary>
public sealed record AuditEvent
{
    public required string EventId { get; init; }

    public required Guid SessionId { get; init; }

    public required long Version { get; init; }

    public required string EventType { get; init; }

    public Guid? ParticipantId { get; init; }

    public Guid? GroupId { get; init; }

    public long? TimeRemainingMs { get; init; }

    public long? TimeElapsedMs { get; init; }

    public int? CycleNumber { get; init; }

    /// <summary>Epoch milliseconds of the committed change (the event's <c>at</c>).</summary>
    public required long OccurredAtMs { get; init; }

    /// <summary>The stored session state: the exact UTF-8 bytes of the entry's <c>state</c> object (a slice of the entry).</summary>
    public required ReadOnlyMemory<byte> StateUtf8 { get; init; }

    /// <summary>The stored session state, as raw JSON text (decoded on each call; the PostgreSQL path sends the bytes).</summary>
    public string StateJson => Encoding.UTF8.GetString(StateUtf8.Span);

    /// <summary>The session's metadata as raw JSON text (the state's <c>metadata_json</c>), or null.</summary>
    public string? MetadataJson { get; init; }

    /// <summary>The <c>sync_sessions</c> row this event implies, or null when the state lacks what the row needs.</summary>
    public AuditSessionSnapshot? Session { get; init; }
}
