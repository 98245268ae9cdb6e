using System.Globalization;

namespace SyncKairos.Grains.Abstractions;

/// <summary>docs/API.md's timestamp format: ISO-8601 UTC with milliseconds and Z.</summary>
public static class IsoTime
{
    public static string Format(long epochMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(epochMs).UtcDateTime
            .ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string? Format(long? epochMs) => epochMs is { } ms ? Format(ms) : null;
}
