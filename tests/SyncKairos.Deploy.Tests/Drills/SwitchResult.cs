namespace SyncKairos.Deploy.Tests.Drills;

/// <summary>One switch attempt: when it ended (ms since the load started), its outcome and duration.</summary>
/// <param name="Status">HTTP status, or 0 when the connection failed (refused, reset, timed out).</param>
public sealed record SwitchResult(string SessionId, int Gateway, double EndedAtMs, double DurationMs, int Status, bool RetryAfter, long Version);
