using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace SyncKairos.Audit.Sinks;

/// <summary>SQLite has no timestamp type: ISO-8601 UTC with milliseconds sorts correctly as text.</summary>
internal static class SqliteTime
{
    private const string Format_ = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string Format(long epochMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(epochMs).UtcDateTime.ToString(Format_, CultureInfo.InvariantCulture);

    [return: NotNullIfNotNull(nameof(epochMs))]
    public static string? Format(long? epochMs) => epochMs is { } ms ? Format(ms) : null;

    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.ParseExact(text, Format_, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
