using System.Buffers.Binary;
using Google.Protobuf;

namespace SyncKairos.Gateway.Tests.Grpc.Sessions;

/// <summary>Reads a server stream message by message; null at the end, then <see cref="Status"/> holds grpc-status.</summary>
public sealed class GrpcStreamReader<T>(HttpRequestMessage request, HttpResponseMessage response, Stream body, MessageParser<T> parser) : IAsyncDisposable
    where T : IMessage<T>
{
    public string? Status
    {
        get
        {
            if (response.TrailingHeaders.TryGetValues("grpc-status", out var trailer))
            {
                return trailer.Single();
            }

            return response.Headers.TryGetValues("grpc-status", out var header) ? header.Single() : null;
        }
    }

    public string? Message =>
        response.TrailingHeaders.TryGetValues("grpc-message", out var trailer) ? trailer.Single()
        : response.Headers.TryGetValues("grpc-message", out var header) ? header.Single() : null;

    public async Task<T?> ReadAsync(CancellationToken cancellationToken)
    {
        var header = new byte[5];
        var read = await body.ReadAtLeastAsync(header, 5, throwOnEndOfStream: false, cancellationToken);
        if (read == 0)
        {
            return default;
        }

        Assert.Equal(5, read);
        var payload = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1))];
        await body.ReadExactlyAsync(payload, cancellationToken);
        return parser.ParseFrom(payload);
    }

    public async ValueTask DisposeAsync()
    {
        await body.DisposeAsync();
        response.Dispose();
        request.Dispose();
    }
}
