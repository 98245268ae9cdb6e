using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace SyncKairos.Bench.Gateway;

/// <summary>The REST calls the scenarios make, reduced to success or an error code.</summary>
public sealed class GatewayApi(HttpClient http)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public HttpClient Http { get; } = http;

    /// <summary>Creates a per_participant session with <paramref name="participants"/> players of <paramref name="clockMs"/> each.</summary>
    public Task<ApiOutcome> CreateAsync(Guid sessionId, int participants, long clockMs, CancellationToken ct)
    {
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"{{\"session_id\":\"{sessionId}\",\"sync_mode\":\"per_participant\",\"total_time_ms\":{clockMs},\"participants\":[");
        for (var i = 0; i < participants; i++)
        {
            body.Append(i == 0 ? string.Empty : ",")
                .Append(CultureInfo.InvariantCulture, $"{{\"participant_id\":\"{Guid.NewGuid()}\",\"participant_index\":{i},\"total_time_ms\":{clockMs}}}");
        }

        body.Append("]}");
        return PostAsync("/v1/sessions", body.ToString(), keepBody: false, ct);
    }

    public Task<ApiOutcome> StartAsync(Guid sessionId, bool keepBody, CancellationToken ct) =>
        PostAsync($"/v1/sessions/{sessionId}/start", "{}", keepBody, ct);

    public Task<ApiOutcome> SwitchAsync(Guid sessionId, bool keepBody, CancellationToken ct) =>
        PostAsync($"/v1/sessions/{sessionId}/switch", "{}", keepBody, ct);

    public Task<ApiOutcome> CommandAsync(Guid sessionId, string command, CancellationToken ct) =>
        PostAsync($"/v1/sessions/{sessionId}/{command}", "{}", keepBody: false, ct);

    public Task<ApiOutcome> GetAsync(Guid sessionId, CancellationToken ct) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/v1/sessions/{sessionId}"), keepBody: false, ct);

    public Task<ApiOutcome> DeleteAsync(Guid sessionId, CancellationToken ct) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/v1/sessions/{sessionId}"), keepBody: false, ct);

    /// <summary>Creates and starts <paramref name="count"/> sessions with <paramref name="parallel"/> calls in flight.</summary>
    public async Task<Guid[]> CreateStartedAsync(int count, int parallel, long clockMs, ErrorCounts errors, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToArray();
        var ok = new bool[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct }, async (i, token) =>
        {
            var created = await CreateAsync(ids[i], 2, clockMs, token);
            var started = created.Ok ? await StartAsync(ids[i], keepBody: false, token) : created;
            if (!started.Ok)
            {
                errors.Add("setup_" + started.ErrorCode);
            }

            ok[i] = started.Ok;
        });
        Guid[] created = [.. ids.Where((_, i) => ok[i])];
        if (count > 0 && created.Length == 0)
        {
            // Every scenario needs at least one session; going on would only divide by zero later.
            throw new InvalidOperationException($"None of the {count} sessions could be created and started ({errors}); is the gateway at --target up and ready?");
        }

        return created;
    }

    /// <summary>Reads an integer property of the <c>data</c> object of a response body.</summary>
    public static long? ReadDataLong(byte[] body, string property)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.TryGetProperty("data", out var data) && data.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetInt64()
            : null;
    }

    /// <summary>Reads a string property of the <c>data</c> object of a response body.</summary>
    public static string? ReadDataString(byte[] body, string property)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.TryGetProperty("data", out var data) && data.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
    }

    private Task<ApiOutcome> PostAsync(string path, string json, bool keepBody, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = Json;
        return SendAsync(request, keepBody, ct);
    }

    private async Task<ApiOutcome> SendAsync(HttpRequestMessage request, bool keepBody, CancellationToken ct)
    {
        try
        {
            using (request)
            using (var response = await Http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct))
            {
                var body = await response.Content.ReadAsByteArrayAsync(ct);
                if (response.IsSuccessStatusCode)
                {
                    return new ApiOutcome(true, null, keepBody ? body : null);
                }

                return new ApiOutcome(false, ErrorCode(body) ?? "HTTP_" + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), body);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            return new ApiOutcome(false, "EXCEPTION_" + ex.GetType().Name, null);
        }
    }

    private static string? ErrorCode(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("error", out var error) && error.TryGetProperty("code", out var code) ? code.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
