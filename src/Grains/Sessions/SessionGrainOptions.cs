using System.ComponentModel.DataAnnotations;

namespace SyncKairos.Grains.Sessions;

/// <summary>
/// The per-session switch limit, configuration section <c>SyncKairos:RateLimits</c> (the same keys and defaults the
/// gateway's shared limiter used: <c>Enabled</c>, <c>SwitchPerSecond</c>, <c>SwitchWindow</c>).
/// </summary>
public sealed class SwitchRateLimitOptions
{
    public const string Section = "SyncKairos:RateLimits";

    public bool Enabled { get; set; } = true;

    [Range(1, 100_000_000)]
    public int SwitchPerSecond { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan SwitchWindow { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>Configuration section <c>SyncKairos:Sessions:Grain</c>: how long request memos live, expiry timing and observer leases.</summary>
public sealed class SessionGrainOptions
{
    public const string Section = "SyncKairos:Sessions:Grain";

    /// <summary>How long the first reply of a switch with a request_id is answered again (docs/API.md: at least 5 minutes).</summary>
    [Range(typeof(TimeSpan), "00:05:00", "1.00:00:00")]
    public TimeSpan RequestMemoLifetime { get; set; } = TimeSpan.FromSeconds(600);

    /// <summary>
    /// The longest the expiry timer waits before looking at the clock again; a clock that jumps (NTP, a test's fake
    /// clock) is noticed within it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan MaxExpiryTimerDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>An observer not re-subscribed within this is dropped.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ObserverLease { get; set; } = TimeSpan.FromSeconds(20);
}
