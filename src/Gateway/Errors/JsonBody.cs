using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace SyncKairos.Gateway.Errors;

/// <summary>
/// Reads a JSON request body by hand so that every malformed body, wrong content type and oversized body
/// becomes a 400 VALIDATION_ERROR in the API's envelope instead of the framework's own 400/413/415/500.
/// </summary>
public static class JsonBody
{
    public const int MaxBytes = 1024 * 1024;

    /// <summary>Returns the parsed body, or the error to answer with. An empty body reads as <c>{}</c>.</summary>
    public static async Task<(T? Value, JsonHttpResult<ErrorEnvelope>? Error)> ReadAsync<T>(
        HttpRequest request, JsonSerializerOptions options, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, ApiErrors.BodyTooLarge());
        }

        var (bytes, unreadable) = await ReadBoundedAsync(request, cancellationToken);
        if (unreadable is not null)
        {
            return (null, unreadable);
        }

        if (bytes.Length == 0)
        {
            bytes = "{}"u8.ToArray();
        }
        else if (!IsJsonContentType(request.ContentType))
        {
            return (null, ApiErrors.Validation("body", "Content-Type must be application/json", "invalid_content_type"));
        }

        try
        {
            using (var document = JsonDocument.Parse(bytes))
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return (null, ApiErrors.Validation("body", "Request body must be a JSON object", "invalid_type"));
                }
            }

            var value = JsonSerializer.Deserialize<T>(bytes, options);
            return value is null
                ? (null, ApiErrors.Validation("body", "Request body must be a JSON object", "invalid_type"))
                : (value, null);
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : ToDotPath(ex.Path);
            var message = ex.Path is null or "$" ? "Malformed JSON" : $"Invalid value for {field}";
            return (null, ApiErrors.Validation(field, message, "invalid_type"));
        }
    }

    internal static bool IsJsonContentType(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Turns System.Text.Json's <c>$.participants[0].total_time_ms</c> into <c>participants.0.total_time_ms</c>.</summary>
    internal static string ToDotPath(string jsonPath)
    {
        var path = jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');
        return path.Replace("[", ".", StringComparison.Ordinal).Replace("]", string.Empty, StringComparison.Ordinal)
            .Replace("'", string.Empty, StringComparison.Ordinal).TrimStart('.');
    }

    /// <summary>
    /// Reads the whole body through Kestrel's pooled pipe and copies it out once: a switch body is a few
    /// bytes, and growing a fresh 16 KB buffer per request was half of what a switch allocated (ADR 0020).
    /// A body whose framing is broken is the client's error (400), however Kestrel reports it.
    /// </summary>
    private static async Task<(byte[] Bytes, JsonHttpResult<ErrorEnvelope>? Error)> ReadBoundedAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = request.BodyReader;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await body.ReadAsync(cancellationToken);
            }
            catch (BadHttpRequestException ex)
            {
                return ([], ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? ApiErrors.BodyTooLarge() : ApiErrors.MalformedRequest());
            }
            catch (IOException) when (!request.HttpContext.RequestAborted.IsCancellationRequested)
            {
                // Kestrel reports a chunk size that overflows (e.g. "fffffffffffffffffff") as an IOException,
                // where every other chunked framing error is a BadHttpRequestException.
                return ([], ApiErrors.MalformedRequest());
            }

            var buffer = result.Buffer;
            if (buffer.Length > MaxBytes)
            {
                body.AdvanceTo(buffer.End);
                return ([], ApiErrors.BodyTooLarge());
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                var bytes = buffer.ToArray();
                body.AdvanceTo(buffer.End);
                return (bytes, null);
            }

            // Nothing consumed, everything examined: the next read waits for more data.
            body.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
