using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using SyncKairos.Grpc.V1;

namespace SyncKairos.Bench.Gateway;

/// <summary>
/// <c>grpc-switch</c>: unary SwitchCycle calls over ONE HTTP/2 (h2c) connection with C concurrent streams.
/// Sessions are created over REST; the gRPC framing (5-byte prefix, grpc-status trailer) is done here by hand
/// because grpc-dotnet does not restore on our machines.
/// </summary>
public static class GrpcSwitchScenario
{
    private static readonly MediaTypeHeaderValue GrpcContentType = new("application/grpc");

    public static async Task RunAsync(ScenarioContext c, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(c);
        var grpcTarget = new Uri(c.Options.Text("grpc-target", "http://127.0.0.1:5001")!);
        var sessions = c.Options.Int("sessions", 1000);
        var duration = c.Options.Seconds("seconds", 10);
        var concurrency = c.Options.Int("concurrency", 32);
        var rate = c.Options.Text("rate", null) is { } r ? double.Parse(r, CultureInfo.InvariantCulture) : (double?)null;
        c.Options.ThrowOnUnknown();

        var ids = await c.Api.CreateStartedAsync(sessions, 32, 86_400_000, c.Errors, ct);
        var payloads = ids.Select(id => Frame(new SwitchCycleRequest { SessionId = id.ToString() })).ToArray();
        using var http = new HttpClient(new SocketsHttpHandler { EnableMultipleHttp2Connections = false, UseProxy = false })
        {
            BaseAddress = grpcTarget,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(30),
        };
        var path = new Uri("/synckairos.v1.SyncKairos/SwitchCycle", UriKind.Relative);
        await SwitchLoad.RunAsync(
            c, "grpc-switch", rate, concurrency, duration, ids.Length,
            token => CallAsync(http, path, payloads[Random.Shared.Next(payloads.Length)], token), ct);
    }

    private static byte[] Frame(IMessage message)
    {
        var size = message.CalculateSize();
        var frame = new byte[5 + size];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)size);
        message.WriteTo(frame.AsSpan(5));
        return frame;
    }

    /// <summary>One unary call; null on grpc-status 0 with a parsable reply, else an error code.</summary>
    private static async Task<string?> CallAsync(HttpClient http, Uri path, byte[] payload, CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path)
            {
                // HttpClient's DefaultRequestVersion only applies to requests it creates itself.
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Content = new ByteArrayContent(payload),
            };
            request.Content.Headers.ContentType = GrpcContentType;
            request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            var status = Header(response.TrailingHeaders, "grpc-status") ?? Header(response.Headers, "grpc-status");
            if (status != "0")
            {
                var message = Header(response.TrailingHeaders, "grpc-message") ?? Header(response.Headers, "grpc-message");
                return $"GRPC_{status ?? "HTTP_" + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)}_{message}";
            }

            if (body.Length < 5)
            {
                return "GRPC_NO_MESSAGE";
            }

            SwitchCycleResponse.Parser.ParseFrom(body.AsSpan(5));
            return null;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidProtocolBufferException or OperationCanceledException)
        {
            return "EXCEPTION_" + ex.GetType().Name;
        }
    }

    private static string? Header(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
