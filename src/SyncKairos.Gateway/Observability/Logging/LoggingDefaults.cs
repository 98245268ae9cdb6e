using Microsoft.Extensions.Configuration.Memory;

namespace SyncKairos.Gateway.Observability.Logging;

/// <summary>
/// Structured JSON console logs by default, with scopes (request id, trace id, span id on every line logged
/// while a request or WebSocket connection runs). Added as the lowest-priority configuration source, so
/// appsettings, environment (<c>Logging__Console__FormatterName=simple</c>) and command line still override it.
/// </summary>
public static class LoggingDefaults
{
    public static readonly IReadOnlyDictionary<string, string?> Values = new Dictionary<string, string?>
    {
        ["Logging:Console:FormatterName"] = "json",
        ["Logging:Console:FormatterOptions:IncludeScopes"] = "true",
        ["Logging:Console:FormatterOptions:UseUtcTimestamp"] = "true",
        ["Logging:Console:FormatterOptions:TimestampFormat"] = "yyyy-MM-ddTHH:mm:ss.fffZ ",
    };

    public static void Apply(IConfigurationBuilder configuration) =>
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Values });
}
