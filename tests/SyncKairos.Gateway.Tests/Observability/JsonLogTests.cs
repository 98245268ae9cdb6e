using System.Text.Json;
using SyncKairos.Gateway.Tests.Infrastructure;
using static SyncKairos.Gateway.Tests.Infrastructure.TestSessions;

namespace SyncKairos.Gateway.Tests.Observability;

/// <summary>The gateway process's console logs: JSON lines with the request's trace id in their scopes.</summary>
public sealed class JsonLogTests(RedisFixture redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RequestLogLinesAreJsonWithTraceIdAndNoInformationLinePerSwitch()
    {
        await using var gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["SyncKairos:Redis:ConnectionString"] = redis.Endpoint,
            ["Logging:Console:FormatterName"] = "json",
            ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
        }, cancellationToken: TestContext.Current.CancellationToken);
        using var client = new HttpClient { BaseAddress = gateway.BaseAddress };
        var id = NewId();
        await CreateAsync(client, id);
        await PostAsync(client, $"/v1/sessions/{id}/start");
        await PostAsync(client, $"/v1/sessions/{id}/switch");

        var path = $"/v1/sessions/{id}/switch";
        var line = await gateway.WaitForLineAsync(
            l => l.Contains("\"EventId\":2,", StringComparison.Ordinal) && l.Contains(path, StringComparison.Ordinal), TimeSpan.FromSeconds(15), cancellationToken: TestContext.Current.CancellationToken);
        var finished = JsonDocument.Parse(line).RootElement;

        var scopes = finished.GetProperty("Scopes").EnumerateArray().ToList();
        var traceId = scopes.Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("TraceId", out _))
            .Select(s => s.GetProperty("TraceId").GetString()).FirstOrDefault();
        Assert.Matches("^[0-9a-f]{32}$", traceId);
        Assert.Contains(scopes, s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("RequestId", out _));

        // Hot path: nothing from our own categories at Information per switch.
        Assert.DoesNotContain(JsonLines(gateway.Output), l =>
            l.GetProperty("Category").GetString()!.StartsWith("SyncKairos", StringComparison.Ordinal)
            && l.GetProperty("LogLevel").GetString() == "Information"
            && l.GetRawText().Contains(id, StringComparison.OrdinalIgnoreCase));
    }

    private static List<JsonElement> JsonLines(string output)
    {
        var lines = new List<JsonElement>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!line.StartsWith('{'))
            {
                continue; // not from the gateway's logger (e.g. the embedded server's own output)
            }

            lines.Add(JsonDocument.Parse(line).RootElement.Clone());
        }

        return lines;
    }
}
