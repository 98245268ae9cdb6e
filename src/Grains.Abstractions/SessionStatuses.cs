namespace SyncKairos.Grains.Abstractions;

/// <summary>The <c>status</c> values.</summary>
public static class SessionStatuses
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Paused = "paused";
    public const string Expired = "expired";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
}
