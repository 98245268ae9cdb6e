namespace SyncKairos.Redis.Client;

internal static class ReconnectBackoff
{
    /// <summary>Capped exponential backoff with jitter in [50 %, 100 %] so many clients do not reconnect in step.</summary>
    public static TimeSpan Delay(RedisOptions options, int attempt)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 20);
        var capped = Math.Min(options.ReconnectBaseDelay.TotalMilliseconds * Math.Pow(2, exponent), options.ReconnectMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() / 2)));
    }
}
