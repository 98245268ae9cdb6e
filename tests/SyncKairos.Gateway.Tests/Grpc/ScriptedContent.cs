using System.Net;
using SyncKairos.Gateway.Grpc;

namespace SyncKairos.Gateway.Tests.Grpc;

/// <summary>A request body written by a script: chunk by chunk with flushes, or held open.</summary>
public sealed class ScriptedContent : HttpContent
{
    private readonly Func<Stream, CancellationToken, Task> script;

    public ScriptedContent(Func<Stream, CancellationToken, Task> script)
    {
        this.script = script;
        Headers.TryAddWithoutValidation("Content-Type", GrpcProtocol.ContentType);
    }

    /// <summary>Sends <paramref name="body"/> in chunks of <paramref name="chunkSize"/>, one flush (DATA frame) each.</summary>
    public static ScriptedContent Chunked(byte[] body, int chunkSize) => new(async (stream, ct) =>
    {
        for (var offset = 0; offset < body.Length; offset += chunkSize)
        {
            await stream.WriteAsync(body.AsMemory(offset, Math.Min(chunkSize, body.Length - offset)), ct);
            await stream.FlushAsync(ct);
        }
    });

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        script(stream, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        script(stream, cancellationToken);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
