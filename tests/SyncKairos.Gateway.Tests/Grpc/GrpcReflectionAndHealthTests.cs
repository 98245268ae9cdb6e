using System.Globalization;
using System.Net;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Reflection.V1;

namespace SyncKairos.Gateway.Tests.Grpc;

/// <summary>
/// The gateway process answers server reflection and <c>grpc.health.v1</c> on its h2c port, as seen by the .NET
/// gRPC client (Grpc.Net.Client); health follows the checks of <c>/ready</c>.
/// </summary>
public sealed class GrpcReflectionAndHealthTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReflectionListsTheServicesAndDescribesTheContract()
    {
        await using var redis = await RedisServerProcess.StartAsync(ServerKind.Redis);
        var (started, grpcUrl) = await StartAsync(redis);
        await using var gateway = started;
        using var channel = GrpcChannel.ForAddress(grpcUrl);
        var reflection = new ServerReflection.ServerReflectionClient(channel);

        using var call = reflection.ServerReflectionInfo(deadline: DateTime.UtcNow.Add(Patience), cancellationToken: Ct);
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" }, Ct);
        Assert.True(await call.ResponseStream.MoveNext(Ct), "no answer to list_services");
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = "synckairos.v1.SyncKairos" }, Ct);
        Assert.True(await call.ResponseStream.MoveNext(Ct), "no answer to file_containing_symbol");
        var files = call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto.Select(FileDescriptorProto.Parser.ParseFrom).ToList();
        await call.RequestStream.CompleteAsync();

        Assert.Contains("synckairos.v1.SyncKairos", services);
        Assert.Contains("grpc.health.v1.Health", services);
        var contract = Assert.Single(files, f => f.Name == "synckairos/v1/synckairos.proto");
        var methods = Assert.Single(contract.Service, s => s.Name == "SyncKairos").Method.Select(m => m.Name).ToList();
        Assert.Contains("SwitchCycle", methods);
        Assert.Contains("WatchSession", methods);
    }

    [Fact]
    public async Task HealthIsServingWhenReadyAndNotServingWhenRedisIsGone()
    {
        await using var redis = await RedisServerProcess.StartAsync(ServerKind.Redis);
        var (started, grpcUrl) = await StartAsync(redis);
        await using var gateway = started;
        using var rest = new HttpClient { BaseAddress = gateway.BaseAddress };
        using var channel = GrpcChannel.ForAddress(grpcUrl);
        var health = new Health.HealthClient(channel);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await CheckAsync(health, "")).Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await CheckAsync(health, "synckairos.v1.SyncKairos")).Status);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => CheckAsync(health, "no.such.Service"));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);

        await redis.KillAsync();

        using var ready = await rest.GetAsync("/ready", Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, (await CheckAsync(health, "")).Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, (await CheckAsync(health, "synckairos.v1.SyncKairos")).Status);
    }

    private static async Task<HealthCheckResponse> CheckAsync(Health.HealthClient health, string service) =>
        await health.CheckAsync(new HealthCheckRequest { Service = service }, deadline: DateTime.UtcNow.Add(Patience), cancellationToken: Ct);

    private static async Task<(GatewayProcess Gateway, Uri GrpcUrl)> StartAsync(RedisServerProcess redis)
    {
        var grpcUrl = new Uri($"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}");
        var gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["SyncKairos:Redis:ConnectionString"] = redis.Endpoint,
            ["SyncKairos:Grpc:Url"] = grpcUrl.GetLeftPart(UriPartial.Authority),
        }, cancellationToken: Ct);
        return (gateway, grpcUrl);
    }
}
