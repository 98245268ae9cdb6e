using System.Globalization;

namespace SyncKairos.Gateway.RateLimiting;

/// <summary>The <c>RateLimit-*</c> headers (IETF draft) and <c>Retry-After</c>.</summary>
public static class RateLimitHeaders
{
    public const string Policy = "RateLimit-Policy";
    public const string Limit = "RateLimit-Limit";
    public const string Remaining = "RateLimit-Remaining";
    public const string Reset = "RateLimit-Reset";
    public const string RetryAfter = "Retry-After";

    /// <param name="binding">The decision the client is closest to exhausting (or the refusing one).</param>
    /// <param name="policies">Every policy applied to this request.</param>
    public static void Write(IHeaderDictionary headers, RateLimitDecision binding, IEnumerable<RateLimitDecision> policies)
    {
        ArgumentNullException.ThrowIfNull(headers);
        headers[Policy] = string.Join(", ", policies.Select(p => p.Policy));
        headers[Limit] = binding.Limit.ToString(CultureInfo.InvariantCulture);
        headers[Remaining] = binding.Remaining.ToString(CultureInfo.InvariantCulture);
        headers[Reset] = binding.ResetSeconds.ToString(CultureInfo.InvariantCulture);
        if (!binding.Allowed)
        {
            headers[RetryAfter] = binding.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }
    }
}
