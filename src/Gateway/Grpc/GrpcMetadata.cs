using Microsoft.AspNetCore.Http;

namespace SyncKairos.Gateway.Grpc;

/// <summary>The request metadata of a call: its HTTP/2 headers less the protocol's own.</summary>
public sealed class GrpcMetadata(IHeaderDictionary headers)
{
    public IEnumerable<string> Keys =>
        headers.Keys.Where(k => !IsReserved(k)).Select(k => k.ToLowerInvariant());

    /// <summary>The first value of an ASCII key; null when absent.</summary>
    public string? GetString(string key)
    {
        if (IsBinaryKey(key))
        {
            throw new ArgumentException($"'{key}' is a binary key: use TryGetBytes.", nameof(key));
        }

        return IsReserved(key) || !headers.TryGetValue(key, out var values) ? null : values.FirstOrDefault();
    }

    /// <summary>
    /// Decodes a <c>-bin</c> key (base64, padded or not; several values joined by commas are
    /// concatenated). False when absent or not valid base64.
    /// </summary>
    public bool TryGetBytes(string key, out byte[] value)
    {
        value = [];
        if (!IsBinaryKey(key))
        {
            throw new ArgumentException($"'{key}' is not a binary key (it must end with -bin).", nameof(key));
        }

        if (!headers.TryGetValue(key, out var values) || values.Count == 0)
        {
            return false;
        }

        using var joined = new MemoryStream();
        foreach (var header in values)
        {
            foreach (var part in (header ?? string.Empty).Split(','))
            {
                if (!GrpcBinaryHeader.TryDecode(part, out var bytes))
                {
                    return false;
                }

                joined.Write(bytes);
            }
        }

        value = joined.ToArray();
        return true;
    }

    public static bool IsBinaryKey(string key) =>
        key.EndsWith(GrpcProtocol.BinaryHeaderSuffix, StringComparison.OrdinalIgnoreCase);

    private static bool IsReserved(string key) =>
        key.StartsWith(':')
        || key.Equals("content-type", StringComparison.OrdinalIgnoreCase)
        || key.Equals("te", StringComparison.OrdinalIgnoreCase)
        || key.Equals("host", StringComparison.OrdinalIgnoreCase)
        || key.Equals(GrpcProtocol.TimeoutHeader, StringComparison.OrdinalIgnoreCase)
        || key.Equals(GrpcProtocol.EncodingHeader, StringComparison.OrdinalIgnoreCase)
        || key.Equals(GrpcProtocol.AcceptEncodingHeader, StringComparison.OrdinalIgnoreCase);
}
