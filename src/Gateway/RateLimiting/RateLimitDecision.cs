namespace SyncKairos.Gateway.RateLimiting;

/// <summary>One budget's answer: whether the request may go on, and what to tell the client.</summary>
public readonly record struct RateLimitDecision(bool Allowed, int Limit, TimeSpan Window, long Remaining, TimeSpan RetryAfter, TimeSpan Reset)
{
    /// <summary>Used when the store cannot be asked: the request goes on (it fails on its own if it needs Redis).</summary>
    public static RateLimitDecision Unknown(int limit, TimeSpan window) => new(true, limit, window, limit, TimeSpan.Zero, TimeSpan.Zero) { IsUnchecked = true };

    /// <summary>The store was not asked: nothing is known about the budget, so no <c>RateLimit-*</c> headers are sent.</summary>
    public bool IsUnchecked { get; init; }

    public long RetryAfterSeconds => Math.Max(1, (long)Math.Ceiling(RetryAfter.TotalSeconds));

    public long ResetSeconds => (long)Math.Ceiling(Reset.TotalSeconds);

    /// <summary>The IETF draft's policy item, e.g. <c>1000;w=60</c>.</summary>
    public string Policy => FormattableString.Invariant($"{Limit};w={Math.Max(1, (long)Math.Ceiling(Window.TotalSeconds))}");
}
