using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace SyncKairos.Gateway.Grpc;

internal sealed partial class GrpcCall
{
    /// <summary>Writes one message and flushes it to the client.</summary>
    public async Task WriteMessageAsync(IMessage message, CancellationToken cancellationToken)
    {
        await writeLock.WaitAsync(cancellationToken);
        try
        {
            if (statusWritten)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw new InvalidOperationException("The call is already complete.");
            }

            cancellationToken.ThrowIfCancellationRequested();
            var body = http.Response.BodyWriter;
            GrpcFrameWriter.WriteMessage(body, message);
            messageWritten = true;
            var result = await body.FlushAsync(cancellationToken);
            if (result.IsCanceled)
            {
                throw new OperationCanceledException("The response flush was cancelled.", cancellationToken);
            }
        }
        finally
        {
            writeLock.Release();
        }
    }

    /// <summary>
    /// Ends the stream with a status unless one was sent already: in the headers (trailers-only) when
    /// no message went out, else in the trailers. True when this call sent the status.
    /// </summary>
    private async Task<bool> CompleteAsync(GrpcStatusCode code, string? message, Google.Rpc.Status? details)
    {
        await writeLock.WaitAsync(CancellationToken.None);
        try
        {
            if (statusWritten)
            {
                return false;
            }

            statusWritten = true;
            http.Features.Set(new GrpcStatusFeature(code));
            var response = http.Response;
            try
            {
                if (!messageWritten && !response.HasStarted)
                {
                    SetStatusHeaders(response.Headers, code, message, details);
                }
                else
                {
                    response.AppendTrailer(GrpcProtocol.StatusHeader, ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    if (!string.IsNullOrEmpty(message))
                    {
                        response.AppendTrailer(GrpcProtocol.MessageHeader, GrpcStatusMessage.Encode(message));
                    }

                    if (details is not null)
                    {
                        response.AppendTrailer(GrpcProtocol.StatusDetailsHeader, GrpcBinaryHeader.Encode(details.ToByteArray()));
                    }
                }

                await response.CompleteAsync();
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
            {
                Log.CompleteFailed(logger, method.FullName, ex);
            }

            return true;
        }
        finally
        {
            writeLock.Release();
        }
    }

    private static void SetStatusHeaders(IHeaderDictionary headers, GrpcStatusCode code, string? message, Google.Rpc.Status? details)
    {
        headers[GrpcProtocol.StatusHeader] = ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!string.IsNullOrEmpty(message))
        {
            headers[GrpcProtocol.MessageHeader] = GrpcStatusMessage.Encode(message);
        }

        if (details is not null)
        {
            headers[GrpcProtocol.StatusDetailsHeader] = GrpcBinaryHeader.Encode(details.ToByteArray());
        }
    }
}
