using System.Buffers;
using Google.Protobuf;

namespace SyncKairos.Gateway.Grpc;

internal sealed partial class GrpcCall
{
    /// <summary>
    /// Reads the request stream to its end and returns its one message: none, a truncated one or a
    /// second one is INTERNAL; one over the receive limit is RESOURCE_EXHAUSTED as soon as its header is in.
    /// </summary>
    public async Task<T> ReadSingleMessageAsync<T>(MessageParser<T> parser, CancellationToken cancellationToken)
        where T : IMessage<T>
    {
        var reader = http.Request.BodyReader;
        T? message = default;
        var haveMessage = false;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            try
            {
                if (!haveMessage && GrpcFrameReader.TryReadFrame(ref buffer, MaxReceiveMessageSize, out var frame))
                {
                    message = Parse(parser, frame);
                    haveMessage = true;
                }

                if (haveMessage && !buffer.IsEmpty)
                {
                    throw new GrpcException(GrpcStatusCode.Internal, "Additional data after the message received.");
                }

                if (result.IsCompleted)
                {
                    if (!haveMessage)
                    {
                        throw new GrpcException(
                            GrpcStatusCode.Internal,
                            buffer.IsEmpty ? "Request did not include a message." : "Incomplete message.");
                    }

                    return message!;
                }

                if (result.IsCanceled)
                {
                    throw new OperationCanceledException("The request read was cancelled.", cancellationToken);
                }
            }
            finally
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
    }

    private T Parse<T>(MessageParser<T> parser, GrpcFrame frame)
        where T : IMessage<T>
    {
        try
        {
            if (!frame.IsCompressed)
            {
                return parser.ParseFrom(frame.Payload);
            }

            var encoding = http.Request.Headers[GrpcProtocol.EncodingHeader].ToString();
            var payload = GrpcMessageDecompressor.Decompress(encoding.Length == 0 ? null : encoding, frame.Payload, MaxReceiveMessageSize);
            return parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new GrpcException(GrpcStatusCode.Internal, $"Failed to deserialize the request message: {ex.Message}");
        }
    }
}
