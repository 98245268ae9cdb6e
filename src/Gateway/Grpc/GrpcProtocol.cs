namespace SyncKairos.Gateway.Grpc;

/// <summary>Names and limits of the gRPC-over-HTTP/2 wire protocol.</summary>
public static class GrpcProtocol
{
    public const string ContentType = "application/grpc";
    public const string StatusHeader = "grpc-status";
    public const string MessageHeader = "grpc-message";
    public const string StatusDetailsHeader = "grpc-status-details-bin";
    public const string TimeoutHeader = "grpc-timeout";
    public const string EncodingHeader = "grpc-encoding";
    public const string AcceptEncodingHeader = "grpc-accept-encoding";
    public const string BinaryHeaderSuffix = "-bin";

    /// <summary>The encodings this server decompresses, as sent in <c>grpc-accept-encoding</c>.</summary>
    public const string SupportedEncodings = "identity,gzip";

    /// <summary>1 byte compressed flag + 4 bytes big-endian length.</summary>
    public const int FrameHeaderSize = 5;

    /// <summary>The default receive limit, as grpc-dotnet and grpc-go use.</summary>
    public const int DefaultMaxReceiveMessageSize = 4 * 1024 * 1024;
}
