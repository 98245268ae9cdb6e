namespace SyncKairos.Redis.Sessions;

/// <summary>A due entry of a deadline sorted set.</summary>
public readonly record struct DeadlineEntry(string SessionId, long DeadlineMs);
