using Microsoft.Extensions.Configuration.Memory;

namespace SyncKairos.Gateway.Observability.Logging;

/// <summary>
/// Structured JSON console logs by default, with scopes (request id, trace id, span id on every line logged
/// while a request or WebSocket connection runs). Added as the lowest-priority configuration source, so
/// appsettings, environment (<c>Logging__Console__FormatterName=simple</c>) and command line still override it.
/// The levels repeat appsettings.json's on purpose: that file is found only when the process starts in the
/// output directory, and without it ASP.NET Core logs four Information lines per request (routing, results),
/// which cost more CPU than the switch itself and, once the console queue is full, block request threads.
/// </summary>
public static class LoggingDefaults
{
    public static readonly IReadOnlyDictionary<string, string?> Values = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:Console:FormatterName"] = "json",
        ["Logging:Console:FormatterOptions:IncludeScopes"] = "true",
        ["Logging:Console:FormatterOptions:UseUtcTimestamp"] = "true",
        ["Logging:Console:FormatterOptions:TimestampFormat"] = "yyyy-MM-ddTHH:mm:ss.fffZ ",
    };

    public static void Apply(IConfigurationBuilder configuration) =>
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Values });
}
