using Google.Protobuf.WellKnownTypes;
using SyncKairos.Gateway.Tests.Infrastructure;
using SyncKairos.Grpc.V1;
using static SyncKairos.Gateway.Tests.Infrastructure.TestSessions;

namespace SyncKairos.Gateway.Tests.Grpc.Sessions;

/// <summary>
/// Issue 16, item 7, on gRPC through the gateway: a CreateSession whose metadata could not be stored and
/// returned is INVALID_ARGUMENT (VALIDATION_ERROR with the field), and nothing is stored.
/// </summary>
public sealed class GrpcHostileInputRegressionTests(TestServerGatewayFixture gateway) : IClassFixture<TestServerGatewayFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MetadataValueWithoutAKindIsInvalidArgument()
    {
        var create = SyncKairosGrpcServiceTests.NewSession();
        create.Metadata = new Struct { Fields = { ["ok"] = Value.ForString("x"), ["k"] = new Value() } };
        await AssertRefusedAsync(create, "metadata.k");
    }

    [Fact]
    public async Task NestedMetadataValueWithoutAKindIsInvalidArgument()
    {
        var create = SyncKairosGrpcServiceTests.NewSession();
        create.Metadata = new Struct { Fields = { ["a"] = Value.ForList(Value.ForNumber(1), new Value()) } };
        await AssertRefusedAsync(create, "metadata.a.1");
    }

    [Fact]
    public async Task MetadataDeeperThanTheLimitIsInvalidArgument()
    {
        var create = SyncKairosGrpcServiceTests.NewSession();
        create.Metadata = NestedStruct(33);
        await AssertRefusedAsync(create, "metadata");
    }

    [Fact]
    public async Task MetadataAtTheDepthLimitIsStoredAndReadableOnEveryTransport()
    {
        var create = SyncKairosGrpcServiceTests.NewSession();
        create.Metadata = NestedStruct(32);
        create.Metadata.Fields["n"] = Value.ForNumber(double.NaN);
        using var grpc = gateway.CreateGrpcClient();
        var created = await CallAsync(grpc, "CreateSession", create);
        Assert.Equal(0, created.Status);
        var got = await CallAsync(grpc, "GetSession", new GetSessionRequest { SessionId = create.SessionId });
        Assert.Equal(0, got.Status);
        var state = GetSessionResponse.Parser.ParseFrom(Assert.Single(got.Messages)).State;
        Assert.Equal(create.Metadata.Fields["a"], state.Metadata.Fields["a"]);
        Assert.Equal("NaN", state.Metadata.Fields["n"].StringValue);

        using var rest = gateway.CreateRestClient();
        var view = await GetAsync(rest, $"/v1/sessions/{create.SessionId}");
        Assert.Equal("NaN", view.GetProperty("metadata").GetProperty("n").GetString());
    }

    /// <summary>A Struct nested <paramref name="depth"/> levels deep (objects and lists alternating), itself counting as one.</summary>
    private static Struct NestedStruct(int depth)
    {
        var value = Value.ForStruct(new Struct { Fields = { ["leaf"] = Value.ForNumber(1) } });
        for (var i = depth - 1; i >= 1; i--)
        {
            value = i % 2 == 0 ? Value.ForList(value) : Value.ForStruct(new Struct { Fields = { ["a"] = value } });
        }

        return value.StructValue;
    }

    private static Task<GrpcWireResult> CallAsync(HttpClient client, string method, Google.Protobuf.IMessage request) =>
        GrpcWire.CallAsync(client, GrpcWire.Request($"/synckairos.v1.SyncKairos/{method}", GrpcWire.Frame(request)), Ct);

    private async Task AssertRefusedAsync(CreateSessionRequest create, string field)
    {
        using var grpc = gateway.CreateGrpcClient();
        var result = await CallAsync(grpc, "CreateSession", create);
        Assert.True(result.Status == (int)global::Grpc.Core.StatusCode.InvalidArgument, $"expected INVALID_ARGUMENT, got {result.Status} {result.Message}");
        Assert.Equal("VALIDATION_ERROR", result.Message);
        var details = Assert.IsType<Google.Rpc.Status>(result.Details);
        var violations = details.Details.Where(d => d.Is(Google.Rpc.BadRequest.Descriptor)).SelectMany(d => d.Unpack<Google.Rpc.BadRequest>().FieldViolations);
        Assert.Contains(field, violations.Select(v => v.Field));

        var get = await CallAsync(grpc, "GetSession", new GetSessionRequest { SessionId = create.SessionId });
        Assert.Equal((int)global::Grpc.Core.StatusCode.NotFound, get.Status);
    }
}
