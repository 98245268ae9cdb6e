using System.Net;
using Google.Protobuf;
using Google.Rpc;
using SyncKairos.Gateway.Grpc;
using SyncKairos.Gateway.Tests.Grpc.Echo;

namespace SyncKairos.Gateway.Tests.Grpc;

/// <summary>The wire edge cases, driven by .NET's HttpClient over HTTP/2 prior knowledge against real Kestrel h2c.</summary>
public sealed class GrpcHttp2Tests(GrpcTestServer server) : IClassFixture<GrpcTestServer>
{
    private const string Echo = "/synckairos.test.v1.EchoService/Echo";
    private const string Count = "/synckairos.test.v1.EchoService/Count";
    private const string Fail = "/synckairos.test.v1.EchoService/Fail";
    private const string Hang = "/synckairos.test.v1.EchoService/Hang";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UnaryEchoAnswersOneMessageAndStatusZeroInTrailers()
    {
        using var client = GrpcWire.CreateClient(server.Address);
        var result = await GrpcWire.CallAsync(client, GrpcWire.Request(Echo, GrpcWire.Frame(new EchoRequest { Text = "hello" })), Ct);

        Assert.Equal(HttpStatusCode.OK, result.HttpStatus);
        Assert.Equal("application/grpc", result.ContentType);
        Assert.Equal("0", result.Trailers["grpc-status"]);
        Assert.False(result.Headers.ContainsKey("grpc-status"));
        Assert.Contains("gzip", result.Headers["grpc-accept-encoding"], StringComparison.Ordinal);
        var reply = EchoReply.Parser.ParseFrom(Assert.Single(result.Messages));
        Assert.Equal("hello", reply.Text);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public async Task RequestSplitAcrossManyDataFramesIsReassembled(int chunkSize)
    {
        var payload = ByteString.CopyFrom(Enumerable.Range(0, 300).Select(i => (byte)i).ToArray());
        var body = GrpcWire.Frame(new EchoRequest { Text = "split", Payload = payload });
        using var client = GrpcWire.CreateClient(server.Address);

        var result = await GrpcWire.CallAsync(client, GrpcWire.Request(Echo, ScriptedContent.Chunked(body, chunkSize)), Ct);

        Assert.Equal(0, result.Status);
        Assert.Equal(payload, EchoReply.Parser.ParseFrom(Assert.Single(result.Messages)).Payload);
    }

    [Fact]
    public async Task OversizeMessageIsRefusedFromItsHeaderAlone()
    {
        var release = new TaskCompletionSource();
        var header = GrpcWire.Frame(new byte[8], compressed: false)[..5];
        header[1] = 0x00;
        header[2] = 0x40; // 4 MiB + 1
        header[3] = 0x00;
        header[4] = 0x01;
        var content = new ScriptedContent(async (stream, ct) =>
        {
            await stream.WriteAsync(header, ct);
            await stream.FlushAsync(ct);
            // Never send the payload: the answer must not wait for it.
            await release.Task.WaitAsync(ct);
        });
        using var client = GrpcWire.CreateClient(server.Address);
        try
        {
            var result = await GrpcWire.CallAsync(client, GrpcWire.Request(Echo, content), Ct).WaitAsync(Patience, Ct);

            Assert.Equal(8, result.Status);
            Assert.True(result.IsTrailersOnly);
            Assert.Contains("larger than max", result.Message, StringComparison.Ordinal);
        }
        finally
        {
            release.TrySetResult();
        }
    }

    [Fact]
    public async Task MessageOfExactlyTheLimitIsAccepted()
    {
        // Field 2 (bytes) of 4 MiB less its tag and length prefix: a request of exactly 4 MiB.
        var payload = new byte[GrpcProtocol.DefaultMaxReceiveMessageSize - 5];
        var request = new EchoRequest { Payload = ByteString.CopyFrom(payload) };
        Assert.Equal(GrpcProtocol.DefaultMaxReceiveMessageSize, request.CalculateSize());
        using var client = GrpcWire.CreateClient(server.Address);

        var result = await GrpcWire.CallAsync(client, GrpcWire.Request(Echo, GrpcWire.Frame(request)), Ct);

        Assert.Equal(0, result.Status);
    }

    [Fact]
    public async Task TruncatedMessageIsInternal()
    {
        var body = GrpcWire.Frame(new EchoRequest { Text = "truncated" });
        using var client = GrpcWire.CreateClient(server.Address);

        var result = await GrpcWire.CallAsync(client, GrpcWire.Request(Echo, body[..^3]), Ct);

        Assert.Equal(13, result.Status);
        Assert.True(result.IsTrailersOnly);
        Assert.Equal("Incomplete message.", result.Message);
    }

    [Fact]
    public async Task SecondMessageOnUnaryIsInternal()
    {
        var one = GrpcWire.Frame(new EchoRequest { Text = "one" });
        using var client = GrpcWire.CreateClient(server.Address);

        var result = await GrpcWire.CallAsync(client, GrpcWire.Request(Echo, [.. one, .. one]), Ct);

        Assert.Equal(13, result.Status);
        Assert.Equal("Additional data after the message received.", result.Message);
    }

    [Fact]
    public async Task EmptyRequestIsInternal()
    {
        using var client = GrpcWire.CreateClient(server.Address);

        var result = await GrpcWire.CallAsync(client, GrpcWire.Request(Echo, Array.Empty<byte>()), Ct);

        Assert.Equal(13, result.Status);
        Assert.Equal("Request did not include a message.", result.Message);
    }

    [Fact]
    public async Task BadCompressedFlagIsInternal()
    {
        var body = GrpcWire.Frame(new EchoRequest { Text = "x" });
        body[0] = 2;
        using var client = GrpcWire.CreateClient(server.Address);

        var result = await GrpcWire.CallAsync(client, GrpcWire.Request(Echo, body), Ct);

        Assert.Equal(13, result.Status);
        Assert.Contains("compressed flag", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GzipCompressedMessageIsDecompressed()
    {
        var body = GrpcWire.Frame(GrpcWire.Gzip(new EchoRequest { Text = "squeezed" }.ToByteArray()), compressed: true);
        using var client = GrpcWire.CreateClient(server.Address);

        var result = await GrpcWire.CallAsync(client, GrpcWire.Request(Echo, body, ("grpc-encoding", "gzip")), Ct);

        Assert.Equal(0, result.Status);
        Assert.Equal("squeezed", EchoReply.Parser.ParseFrom(Assert.Single(result.Messages)).Text);
    }

    [Fact]
    public async Task CompressedMessageWithUnknownEncodingIsUnimplementedWithAcceptEncoding()
    {
        var body = GrpcWire.Frame(new EchoRequest { Text = "x" }.ToByteArray(), compressed: true);
        using var client = GrpcWire.CreateClient(server.Address);

        var result = await GrpcWire.CallAsync(client, GrpcWire.Request(Echo, body, ("grpc-encoding", "snappy")), Ct);

        Assert.Equal(12, result.Status);
        Assert.True(result.IsTrailersOnly);
        Assert.Equal("identity,gzip", result.Headers["grpc-accept-encoding"]);
    }

    [Fact]
    public async Task UncompressedMessageUnderAnUnknownEncodingIsAccepted()
    {
        var body = GrpcWire.Frame(new EchoRequest { Text = "plain" });
        using var client = GrpcWire.CreateClient(server.Address);

        var result = await GrpcWire.CallAsync(client, GrpcWire.Request(Echo, body, ("grpc-encoding", "snappy")), Ct);

        Assert.Equal(0, result.Status);
    }

    [Fact]
    public async Task CompressedFlagWithoutEncodingIsInternal()
    {
        var body = GrpcWire.Frame(new EchoRequest { Text = "x" }.ToByteArray(), compressed: true);
        using var client = GrpcWire.CreateClient(server.Address);

        var result = await GrpcWire.CallAsync(client, GrpcWire.Request(Echo, body), Ct);

        Assert.Equal(13, result.Status);
    }

    [Fact]
    public async Task GzipBombOverTheLimitIsResourceExhausted()
    {
        var big = new EchoRequest { Payload = ByteString.CopyFrom(new byte[5 * 1024 * 1024]) }.ToByteArray();
        var body = GrpcWire.Frame(GrpcWire.Gzip(big), compressed: true);
        Assert.True(body.Length < 100_000);
        using var client = GrpcWire.CreateClient(server.Address);

        var result = await GrpcWire.CallAsync(client, GrpcWire.Request(Echo, body, ("grpc-encoding", "gzip")), Ct);

        Assert.Equal(8, result.Status);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    public async Task NonGrpcContentTypeIs415(string contentType)
    {
        var content = new ByteArrayContent(GrpcWire.Frame(new EchoRequest()));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var client = GrpcWire.CreateClient(server.Address);

        var result = await GrpcWire.CallAsync(client, GrpcWire.Request(Echo, content), Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, result.HttpStatus);
    }

    [Fact]
    public async Task GrpcProtoContentTypeIsAccepted()
    {
        var content = new ByteArrayContent(GrpcWire.Frame(new EchoRequest { Text = "proto" }));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc+proto");
        using var client = GrpcWire.CreateClient(server.Address);

        var result = await GrpcWire.CallAsync(client, GrpcWire.Request(Echo, content), Ct);

        Assert.Equal(0, result.Status);
    }

    [Theory]
    [InlineData("/synckairos.test.v1.EchoService/NotMapped", "Method is unimplemented")]
    [InlineData("/synckairos.test.v1.MissingService/Ping", "Service is unimplemented")]
    public async Task UnknownMethodOrServiceIsTrailersOnlyUnimplemented(string path, string message)
    {
        using var client = GrpcWire.CreateClient(server.Address);

        var result = await GrpcWire.CallAsync(client, GrpcWire.Request(path, GrpcWire.Frame(new EchoRequest())), Ct);

        Assert.Equal(HttpStatusCode.OK, result.HttpStatus);
        Assert.Equal("application/grpc", result.ContentType);
        Assert.True(result.IsTrailersOnly);
        Assert.Equal(12, result.Status);
        Assert.StartsWith(message, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonGrpcRequestsToUnknownRoutesAreLeftToTheGateway()
    {
        using var client = GrpcWire.CreateClient(server.Address);
        var content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");

        var result = await GrpcWire.CallAsync(client, GrpcWire.Request("/no/where", content), Ct);

        Assert.Equal(HttpStatusCode.NotFound, result.HttpStatus);
        Assert.Null(result.Status);
    }

    [Fact]
    public async Task ServerStreamFlushesEachMessageAndEndsWithStatusZero()
    {
        using var client = GrpcWire.CreateClient(server.Address);

        var result = await GrpcWire.CallAsync(client, GrpcWire.Request(Count, GrpcWire.Frame(new CountRequest { Count = 5 })), Ct);

        Assert.Equal(0, result.Status);
        Assert.Equal([0, 1, 2, 3, 4], result.Messages.Select(m => CountReply.Parser.ParseFrom(m).Index));
    }

    [Fact]
    public async Task ServerStreamMessagesArriveWhileTheHandlerStillRuns()
    {
        var tag = Guid.NewGuid().ToString();
        using var client = GrpcWire.CreateClient(server.Address);
        using var request = GrpcWire.Request(Count, GrpcWire.Frame(new CountRequest { Count = 3, HangAfter = true, Tag = tag }));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        await using var body = await response.Content.ReadAsStreamAsync(Ct);

        // Three messages are readable although the handler has not returned: each write was flushed.
        var expected = 3 * GrpcWire.Frame(new CountReply { Index = 1 }).Length - 2;
        var buffer = new byte[expected];
        await body.ReadExactlyAsync(buffer, Ct).AsTask().WaitAsync(Patience, Ct);
        Assert.Equal([0, 1, 2], GrpcWire.ReadFrames(buffer).Select(m => CountReply.Parser.ParseFrom(m).Index));

        // Client cancellation (RST_STREAM) stops the handler.
        response.Dispose();
        await server.Service.CancelledAsync(tag).WaitAsync(Patience, Ct);
    }

    [Theory]
    [InlineData("200m")]
    [InlineData("200000u")]
    [InlineData("99999999n")]
    public async Task DeadlineExpiresWithDeadlineExceededAndStopsTheHandler(string timeout)
    {
        var tag = Guid.NewGuid().ToString();
        using var client = GrpcWire.CreateClient(server.Address);

        var result = await GrpcWire.CallAsync(client, GrpcWire.Request(Hang, GrpcWire.Frame(new HangRequest { Tag = tag }), ("grpc-timeout", timeout)), Ct)
            .WaitAsync(Patience, Ct);

        Assert.Equal(4, result.Status);
        Assert.True(result.IsTrailersOnly);
        await server.Service.CancelledAsync(tag).WaitAsync(Patience, Ct);
    }

    [Fact]
    public async Task DeadlineDuringAStreamEndsItWithDeadlineExceededInTrailers()
    {
        var tag = Guid.NewGuid().ToString();
        using var client = GrpcWire.CreateClient(server.Address);

        var result = await GrpcWire.CallAsync(
                client,
                GrpcWire.Request(Count, GrpcWire.Frame(new CountRequest { Count = 2, HangAfter = true, Tag = tag }), ("grpc-timeout", "300m")),
                Ct)
            .WaitAsync(Patience, Ct);

        Assert.Equal(2, result.Messages.Count);
        Assert.Equal("4", result.Trailers["grpc-status"]);
        await server.Service.CancelledAsync(tag).WaitAsync(Patience, Ct);
    }

    [Fact]
    public async Task UnaryCancelledByTheClientStopsTheHandler()
    {
        var tag = Guid.NewGuid().ToString();
        using var client = GrpcWire.CreateClient(server.Address);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var call = client.SendAsync(GrpcWire.Request(Hang, GrpcWire.Frame(new HangRequest { Tag = tag })), HttpCompletionOption.ResponseHeadersRead, cts.Token);

        await server.Service.WaitingAsync(tag).WaitAsync(Patience, Ct);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await server.Service.CancelledAsync(tag).WaitAsync(Patience, Ct);
    }

    [Theory]
    [InlineData("VALIDATION_ERROR", 3)]
    [InlineData("SESSION_NOT_FOUND", 5)]
    [InlineData("INVALID_STATE_TRANSITION", 9)]
    [InlineData("SESSION_ALREADY_EXISTS", 6)]
    [InlineData("NOT_ACTIVE_PARTICIPANT", 10)]
    [InlineData("RATE_LIMIT_EXCEEDED", 8)]
    [InlineData("SERVICE_UNAVAILABLE", 14)]
    [InlineData("UNAUTHORIZED", 16)]
    [InlineData("FORBIDDEN", 7)]
    public async Task ErrorCodesMapToStatusesWithTheCodeInGrpcMessage(string code, int status)
    {
        using var client = GrpcWire.CreateClient(server.Address);

        var result = await GrpcWire.CallAsync(client, GrpcWire.Request(Fail, GrpcWire.Frame(new FailRequest { ErrorCode = code, Message = "Session x: no" })), Ct);

        Assert.Equal(HttpStatusCode.OK, result.HttpStatus);
        Assert.True(result.IsTrailersOnly);
        Assert.Equal(status, result.Status);
        Assert.Equal(code, result.Message);
        Assert.True(GrpcBinaryHeader.TryDecode(result.Get("grpc-status-details-bin")!, out var bytes));
        var details = Status.Parser.ParseFrom(bytes);
        Assert.Equal(status, details.Code);
        Assert.Equal("Session x: no", details.Message);
        Assert.Equal(code, details.Details[0].Unpack<ErrorInfo>().Reason);
        if (code == "VALIDATION_ERROR")
        {
            var violation = Assert.Single(details.Details[1].Unpack<BadRequest>().FieldViolations);
            Assert.Equal("participants.0.total_time_ms", violation.Field);
        }
    }

    [Fact]
    public async Task StatusMessageIsPercentEncoded()
    {
        using var client = GrpcWire.CreateClient(server.Address);

        var result = await GrpcWire.CallAsync(client, GrpcWire.Request(Fail, GrpcWire.Frame(new FailRequest { RawStatus = 9, Message = "café 100%\n" })), Ct);

        Assert.Equal(9, result.Status);
        Assert.Equal("caf%C3%A9 100%25%0A", result.Message);
    }

    [Fact]
    public async Task PlainExceptionIsUnknownWithoutItsText()
    {
        using var client = GrpcWire.CreateClient(server.Address);

        var result = await GrpcWire.CallAsync(client, GrpcWire.Request(Fail, GrpcWire.Frame(new FailRequest { ThrowPlain = true })), Ct);

        Assert.Equal(2, result.Status);
        Assert.DoesNotContain("secret", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AAEC/w==")]
    [InlineData("AAEC/w")]
    public async Task BinaryMetadataIsBase64PaddedOrNot(string encoded)
    {
        using var client = GrpcWire.CreateClient(server.Address);

        var result = await GrpcWire.CallAsync(
            client,
            GrpcWire.Request(Echo, GrpcWire.Frame(new EchoRequest()), ("x-trace-bin", encoded), ("x-user", "ada")),
            Ct);

        var reply = EchoReply.Parser.ParseFrom(Assert.Single(result.Messages));
        Assert.True(reply.HasTrace);
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, reply.Trace.ToByteArray());
        Assert.Equal("ada", reply.User);
    }

    [Theory]
    [InlineData(null, 16, "UNAUTHORIZED")]
    [InlineData("Bearer reader", 7, "FORBIDDEN")]
    [InlineData("Bearer admin", 0, null)]
    public async Task CallFilterRefusesWithGrpcStatusesNotHttpOnes(string? authorization, int status, string? message)
    {
        using var client = GrpcWire.CreateClient(server.Address);
        (string, string)[] headers = authorization is null ? [("x-require-auth", "1")] : [("x-require-auth", "1"), ("authorization", authorization)];

        var result = await GrpcWire.CallAsync(client, GrpcWire.Request(Echo, GrpcWire.Frame(new EchoRequest()), headers), Ct);

        Assert.Equal(HttpStatusCode.OK, result.HttpStatus);
        Assert.Equal(status, result.Status);
        Assert.Equal(message, result.Message);
    }

    [Fact]
    public async Task ManyConcurrentCallsShareOneConnection()
    {
        using var client = GrpcWire.CreateClient(server.Address);

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(i =>
            GrpcWire.CallAsync(client, GrpcWire.Request(Echo, GrpcWire.Frame(new EchoRequest { Text = $"n{i}" })), Ct)));

        Assert.All(results, r => Assert.Equal(0, r.Status));
        Assert.Equal(
            Enumerable.Range(0, 32).Select(i => $"n{i}"),
            results.Select(r => EchoReply.Parser.ParseFrom(Assert.Single(r.Messages)).Text));
    }
}
