using Google.Protobuf;

namespace SyncKairos.Gateway.Grpc;

internal sealed class GrpcResponseStreamWriter<T>(GrpcCall call, CancellationToken callToken) : IGrpcStreamWriter<T>
    where T : IMessage<T>
{
    private int writing;

    public async Task WriteAsync(T message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (Interlocked.Exchange(ref writing, 1) == 1)
        {
            throw new InvalidOperationException("A write is already in progress: await each WriteAsync before the next.");
        }

        try
        {
            if (!cancellationToken.CanBeCanceled || cancellationToken == callToken)
            {
                await call.WriteMessageAsync(message, callToken);
                return;
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(callToken, cancellationToken);
            await call.WriteMessageAsync(message, linked.Token);
        }
        finally
        {
            Volatile.Write(ref writing, 0);
        }
    }
}
