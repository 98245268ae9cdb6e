using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace SyncKairos.Gateway.Tests.Grpc;

/// <summary>
/// Raw gRPC over HTTP/2 for tests that must send what no gRPC client would (malformed frames, odd headers)
/// or read the wire as it is (trailers-only responses, header placement).
/// </summary>
public static class GrpcWire
{
    public static HttpClient CreateClient(Uri address) => new(new SocketsHttpHandler { EnableMultipleHttp2Connections = false })
    {
        BaseAddress = address,
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = TimeSpan.FromSeconds(60),
    };

    public static byte[] Frame(IMessage message) => Frame(message.ToByteArray(), compressed: false);

    /// <summary>The length-prefixed message: compressed flag, 4-byte big-endian length, payload.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> payload, bool compressed)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame.AsSpan(5));
        return frame;
    }

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    public static HttpRequestMessage Request(string path, HttpContent content, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    public static HttpRequestMessage Request(string path, byte[] body, params (string Name, string Value)[] headers)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        return Request(path, content, headers);
    }

    /// <summary>Sends a call and reads its whole response: messages, then the status (headers if trailers-only).</summary>
    public static async Task<GrpcWireResult> CallAsync(HttpClient client, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return new GrpcWireResult(response, body);
    }

    /// <summary>Splits a response body into message payloads.</summary>
    public static List<byte[]> ReadFrames(byte[] body)
    {
        var frames = new List<byte[]>();
        var rest = body.AsSpan();
        while (rest.Length >= 5)
        {
            Assert.Equal(0, rest[0]);
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(rest[1..5]);
            Assert.True(rest.Length >= 5 + length, "response body ends mid-message");
            frames.Add(rest.Slice(5, length).ToArray());
            rest = rest[(5 + length)..];
        }

        Assert.True(rest.IsEmpty, "response body ends mid-header");
        return frames;
    }
}
