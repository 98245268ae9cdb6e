using System.Globalization;
using System.Text.RegularExpressions;

namespace SyncKairos.Bench.Gateway;

/// <summary>The gateway's resident memory: /proc/&lt;pid&gt;/status of a local gateway, else its /metrics if it exports one.</summary>
public static partial class GatewayMemory
{
    public static async Task<long?> ReadBytesAsync(int? pid, HttpClient http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (pid is { } id)
        {
            foreach (var line in await File.ReadAllLinesAsync($"/proc/{id.ToString(CultureInfo.InvariantCulture)}/status", ct))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kb = long.Parse(line["VmRSS:".Length..].Replace("kB", string.Empty, StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
                    return kb * 1024;
                }
            }

            return null;
        }

        try
        {
            using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative), ct);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var match = RssMetric().Match(await response.Content.ReadAsStringAsync(ct));
            return match.Success ? (long)double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^(?:process_resident_memory_bytes|process_working_set_bytes)(?:\{[^}]*\})? ([0-9.eE+]+)", RegexOptions.Multiline)]
    private static partial Regex RssMetric();
}
