namespace SyncKairos.Gateway.Grpc;

/// <summary>
/// Ends a call with a non-OK status. Handlers throw it; the layer turns it into <c>grpc-status</c>,
/// <c>grpc-message</c> and, when <see cref="Details"/> is set, <c>grpc-status-details-bin</c>.
/// </summary>
public sealed class GrpcException : Exception
{
    public GrpcException(GrpcStatusCode statusCode, string? statusMessage, Google.Rpc.Status? details = null)
        : base(statusMessage ?? statusCode.ToString())
    {
        if (statusCode == GrpcStatusCode.OK)
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), "A GrpcException cannot carry status OK.");
        }

        StatusCode = statusCode;
        StatusMessage = statusMessage;
        Details = details;
    }

    public GrpcStatusCode StatusCode { get; }

    /// <summary>The text of <c>grpc-message</c> (sent percent-encoded); null sends none.</summary>
    public string? StatusMessage { get; }

    /// <summary>The rich status sent in <c>grpc-status-details-bin</c>; null sends none.</summary>
    public Google.Rpc.Status? Details { get; }
}
