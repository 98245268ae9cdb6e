using System.Globalization;
using Microsoft.Extensions.Options;
using SyncKairos.Gateway.Errors;

namespace SyncKairos.Gateway.LoadShedding;

/// <summary>
/// Bounds the session API requests in progress (ADR 0020). Beyond the bound a request is answered
/// 503 SERVICE_UNAVAILABLE with Retry-After before it costs anything (no rate-limit script, no store call):
/// an overloaded gateway sheds early instead of queueing work that would time out after 2 s anyway.
/// WebSockets, gRPC and operational routes are not counted: they are long-lived or must always answer.
/// </summary>
public sealed partial class LoadSheddingMiddleware(
    RequestDelegate next, IOptions<LoadSheddingSettings> settings, TimeProvider time, ILogger<LoadSheddingMiddleware> logger)
{
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(1);
    private readonly int _max = settings.Value.MaxConcurrentRequests;
    private int _inFlight;
    private long _shedSinceLog;
    private long _nextLogTicks;

    /// <summary>Session API requests in progress on this instance.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_max == 0 || !Counts(context.Request))
        {
            await next(context);
            return;
        }

        if (Interlocked.Increment(ref _inFlight) > _max)
        {
            Interlocked.Decrement(ref _inFlight);
            await ShedAsync(context);
            return;
        }

        try
        {
            await next(context);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>The session API (<c>/v1/sessions...</c>) over plain HTTP; gRPC shares the path prefix of neither.</summary>
    public static bool Counts(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Path.StartsWithSegments("/v1/sessions", StringComparison.OrdinalIgnoreCase);
    }

    private async Task ShedAsync(HttpContext context)
    {
        Interlocked.Increment(ref _shedSinceLog);
        var now = time.GetUtcNow().UtcTicks;
        var next = Volatile.Read(ref _nextLogTicks);
        if (now >= next && Interlocked.CompareExchange(ref _nextLogTicks, now + LogInterval.Ticks, next) == next)
        {
            // One line a second at most: a log line per refused request would add to the overload it reports.
            LogShedding(logger, Interlocked.Exchange(ref _shedSinceLog, 0), _max);
        }

        context.Response.Headers.RetryAfter = ApiErrors.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        await ApiErrors.Overloaded().ExecuteAsync(context);
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Overloaded: {Count} session request(s) refused with 503, more than {Max} in progress")]
    private static partial void LogShedding(ILogger logger, long count, int max);
}
