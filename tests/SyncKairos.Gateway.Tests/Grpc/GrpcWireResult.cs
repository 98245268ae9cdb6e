using System.Net;

namespace SyncKairos.Gateway.Tests.Grpc;

/// <summary>One call's response as seen on the wire.</summary>
public sealed class GrpcWireResult
{
    public GrpcWireResult(HttpResponseMessage response, byte[] body)
    {
        HttpStatus = response.StatusCode;
        ContentType = response.Content.Headers.ContentType?.MediaType;
        Headers = Flatten(response.Headers);
        Trailers = Flatten(response.TrailingHeaders);
        Body = body;
    }

    public HttpStatusCode HttpStatus { get; }

    public string? ContentType { get; }

    public Dictionary<string, string> Headers { get; }

    public Dictionary<string, string> Trailers { get; }

    public byte[] Body { get; }

    /// <summary>True when the status came in the response headers with no body and no trailers.</summary>
    public bool IsTrailersOnly => Headers.ContainsKey("grpc-status") && Trailers.Count == 0 && Body.Length == 0;

    public int? Status => int.TryParse(Get("grpc-status"), out var status) ? status : null;

    public string? Message => Get("grpc-message");

    public string? Get(string name) =>
        Trailers.TryGetValue(name, out var value) ? value : Headers.GetValueOrDefault(name);

    public List<byte[]> Messages => GrpcWire.ReadFrames(Body);

    /// <summary>The google.rpc.Status of <c>grpc-status-details-bin</c> (base64, sent unpadded); null when absent.</summary>
    public Google.Rpc.Status? Details =>
        Get("grpc-status-details-bin") is { } value
            ? Google.Rpc.Status.Parser.ParseFrom(Convert.FromBase64String(value.PadRight(value.Length + ((4 - (value.Length % 4)) % 4), '=')))
            : null;

    private static Dictionary<string, string> Flatten(System.Net.Http.Headers.HttpHeaders headers) =>
        headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
}
