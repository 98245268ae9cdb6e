using SyncKairos.Audit.Events;

namespace SyncKairos.Audit.Sinks;

internal static class AuditBatch
{
    /// <summary>
    /// The newest snapshot per session in a batch: one upsert may not touch the same row twice, and only the
    /// latest state matters (the store's own guard still refuses to move <c>last_version</c> backwards).
    /// Sorted by id so that concurrent batches lock session rows in the same order (no deadlock cycles).
    /// </summary>
    public static List<AuditSessionSnapshot> LatestSessions(IReadOnlyList<AuditEvent> events)
    {
        var latest = new Dictionary<Guid, AuditSessionSnapshot>();
        foreach (var e in events)
        {
            if (e.Session is { } s && (!latest.TryGetValue(s.SessionId, out var seen) || seen.LastVersion < s.LastVersion))
            {
                latest[s.SessionId] = s;
            }
        }

        return [.. latest.Values.OrderBy(s => s.SessionId)];
    }
}
