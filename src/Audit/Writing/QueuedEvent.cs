using SyncKairos.Audit.Events;

namespace SyncKairos.Audit.Writing;

/// <summary>A decoded event with the exact list entry it came from (dead letters keep the original text).</summary>
internal sealed record QueuedEvent(AuditEvent Event, ReadOnlyMemory<byte> Raw);
