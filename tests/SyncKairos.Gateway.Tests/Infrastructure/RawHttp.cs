using System.Net.Sockets;
using System.Text;

namespace SyncKairos.Gateway.Tests.Infrastructure;

/// <summary>
/// Writes an HTTP/1.1 request byte for byte to a real Kestrel port (framing HttpClient refuses to produce:
/// broken chunk sizes, odd headers) and reads the response until the server closes the connection.
/// </summary>
public static class RawHttp
{
    /// <summary>The response's status (0 when the server closed without answering) and body text.</summary>
    /// <remarks>
    /// With <paramref name="halfClose"/> our side of the connection ends after the request, for requests that are
    /// cut short on purpose (else the server would wait for the rest); Kestrel then takes the request for aborted
    /// and may answer nothing.
    /// </remarks>
    public static async Task<(int Status, string Text)> SendAsync(Uri baseAddress, byte[] request, bool halfClose, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(baseAddress.Host, baseAddress.Port, cancellationToken);
        var stream = tcp.GetStream();
        try
        {
            await stream.WriteAsync(request, cancellationToken);
            if (halfClose)
            {
                tcp.Client.Shutdown(SocketShutdown.Send);
            }
        }
        catch (IOException)
        {
            // The server answered and closed before reading everything: its answer is still to be read.
        }

        using var response = new MemoryStream();
        try
        {
            await stream.CopyToAsync(response, cancellationToken);
        }
        catch (IOException)
        {
            // Reset after the answer: what arrived is what counts.
        }

        var text = Encoding.UTF8.GetString(response.ToArray());
        return (ParseStatus(text), text);
    }

    /// <summary>A request head (with <c>Connection: close</c>) and body, as bytes.</summary>
    public static byte[] Request(string method, string path, IEnumerable<string> headers, byte[] body)
    {
        var head = new StringBuilder()
            .Append(method).Append(' ').Append(path).Append(" HTTP/1.1\r\n")
            .Append("Host: 127.0.0.1\r\n")
            .Append("Connection: close\r\n");
        foreach (var header in headers)
        {
            head.Append(header).Append("\r\n");
        }

        head.Append("\r\n");
        return [.. Encoding.Latin1.GetBytes(head.ToString()), .. body];
    }

    /// <summary>A chunked JSON request whose body is <paramref name="chunkedBody"/> exactly as given (size lines included).</summary>
    public static byte[] Chunked(string method, string path, string chunkedBody) =>
        Request(method, path, ["Content-Type: application/json", "Transfer-Encoding: chunked"], Encoding.Latin1.GetBytes(chunkedBody));

    private static int ParseStatus(string response)
    {
        // "HTTP/1.1 400 Bad Request"
        var parts = response.Split(' ', 3);
        return parts.Length >= 2 && response.StartsWith("HTTP/", StringComparison.Ordinal) && int.TryParse(parts[1], out var status) ? status : 0;
    }
}
