namespace SyncKairos.Gateway.Grpc;

/// <summary>
/// The response stream of a server-streaming call. One write at a time: a write started while another
/// is pending throws <see cref="InvalidOperationException"/>. Each message is flushed before the write
/// completes.
/// </summary>
public interface IGrpcStreamWriter<in T>
{
    Task WriteAsync(T message, CancellationToken cancellationToken);
}
