using System.Text.Json;
using Google.Rpc;
using Grpc.Core;

namespace SyncKairos.Gateway.Tests.Grpc;

/// <summary>A real gRPC client (@grpc/grpc-js, from the lockfile in peers/grpc) against grpc-dotnet on the gateway's h2c hosting.</summary>
public sealed class GrpcNodePeerTests(GrpcTestServer server) : IClassFixture<GrpcTestServer>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UnaryCallWithMetadata()
    {
        var result = await NodeGrpcPeer.RunAsync(server.Address, "unary", new { text = "hello", user = "ada", trace = "AAEC/w==" }, Ct);

        Assert.Equal(0, result.GetProperty("code").GetInt32());
        var reply = result.GetProperty("reply");
        Assert.Equal("hello", reply.GetProperty("text").GetString());
        Assert.Equal("ada", reply.GetProperty("user").GetString());
        Assert.Equal("AAEC/w==", reply.GetProperty("trace").GetString());
    }

    [Fact]
    public async Task GzipCompressedUnaryCall()
    {
        var result = await NodeGrpcPeer.RunAsync(server.Address, "unary", new { text = "squeezed", payloadBytes = 100_000, compress = true }, Ct);

        Assert.Equal(0, result.GetProperty("code").GetInt32());
        Assert.Equal(100_000, result.GetProperty("reply").GetProperty("payloadBytes").GetInt32());
    }

    [Fact]
    public async Task MessageOverTheLimitIsResourceExhausted()
    {
        var result = await NodeGrpcPeer.RunAsync(server.Address, "unary", new { payloadBytes = 5 * 1024 * 1024 }, Ct);

        Assert.Equal((int)StatusCode.ResourceExhausted, result.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task ServerStreamIsReadToItsEnd()
    {
        var result = await NodeGrpcPeer.RunAsync(server.Address, "stream", new { count = 50 }, Ct);

        Assert.Equal(0, result.GetProperty("code").GetInt32());
        Assert.Equal(Enumerable.Range(0, 50), result.GetProperty("indexes").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Theory]
    [MemberData(nameof(ApiErrorStatuses.Mapped), MemberType = typeof(ApiErrorStatuses))]
    public async Task ErrorReachesTheClientWithCodeMessageAndDetails(string errorCode, StatusCode status)
    {
        var result = await NodeGrpcPeer.RunAsync(server.Address, "error", new { errorCode, message = "Session 1 not found" }, Ct);

        Assert.Equal((int)status, result.GetProperty("code").GetInt32());
        Assert.Equal(errorCode, result.GetProperty("details").GetString());
        var details = Google.Rpc.Status.Parser.ParseFrom(Convert.FromBase64String(result.GetProperty("detailsBin").GetString()!));
        Assert.Equal((int)status, details.Code);
        Assert.Equal("Session 1 not found", details.Message);
        Assert.Equal(errorCode, details.Details[0].Unpack<ErrorInfo>().Reason);
        if (status == StatusCode.InvalidArgument)
        {
            Assert.Equal("participants.0.total_time_ms", details.Details[1].Unpack<BadRequest>().FieldViolations[0].Field);
        }
    }

    [Fact]
    public async Task DeadlineExpiresAndTheServerStops()
    {
        var tag = Guid.NewGuid().ToString();

        // grpc-js fails a call locally, never sending it, when the deadline passes before the channel is up: on a
        // loaded machine a fresh Node process can take longer than 300 ms to get there, and then no handler runs
        // to be stopped. 3 s leaves room for that and still expires while the handler hangs.
        var result = await NodeGrpcPeer.RunAsync(server.Address, "deadline", new { tag, ms = 3000 }, Ct);

        Assert.Equal((int)StatusCode.DeadlineExceeded, result.GetProperty("code").GetInt32());
        await server.Service.CancelledAsync(tag).WaitAsync(Patience, Ct);
    }

    [Fact]
    public async Task CancellationMidStreamStopsTheServer()
    {
        var tag = Guid.NewGuid().ToString();

        var result = await NodeGrpcPeer.RunAsync(server.Address, "cancel", new { tag, count = 3 }, Ct);

        Assert.Equal((int)StatusCode.Cancelled, result.GetProperty("code").GetInt32());
        Assert.Equal(3, result.GetProperty("received").GetInt32());
        await server.Service.CancelledAsync(tag).WaitAsync(Patience, Ct);
    }

    [Fact]
    public async Task UnknownMethodIsUnimplemented()
    {
        var result = await NodeGrpcPeer.RunAsync(server.Address, "unknownMethod", new { }, Ct);

        // NotMapped is declared in the test contract, so the generated base class answers it, without a message.
        Assert.Equal((int)StatusCode.Unimplemented, result.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task UnknownServiceIsUnimplemented()
    {
        var result = await NodeGrpcPeer.RunAsync(server.Address, "unknownService", new { }, Ct);

        Assert.Equal((int)StatusCode.Unimplemented, result.GetProperty("code").GetInt32());
        Assert.StartsWith("Service is unimplemented", result.GetProperty("details").GetString(), StringComparison.Ordinal);
    }
}
