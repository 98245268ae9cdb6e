using System.Buffers;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using SyncKairos.Gateway.Grpc;

namespace SyncKairos.Gateway.Tests.Grpc;

/// <summary>Client-side framing for the raw HTTP/2 tests.</summary>
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

    public static byte[] Frame(ReadOnlySpan<byte> payload, bool compressed)
    {
        var buffer = new ArrayBufferWriter<byte>();
        GrpcFrameWriter.WriteFrame(buffer, payload, compressed);
        return buffer.WrittenSpan.ToArray();
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
        content.Headers.ContentType = new MediaTypeHeaderValue(GrpcProtocol.ContentType);
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
        var sequence = new ReadOnlySequence<byte>(body);
        while (GrpcFrameReader.TryReadFrame(ref sequence, int.MaxValue, out var frame))
        {
            Assert.False(frame.IsCompressed);
            frames.Add(frame.Payload.ToArray());
        }

        Assert.True(sequence.IsEmpty, "response body ends mid-message");
        return frames;
    }
}
