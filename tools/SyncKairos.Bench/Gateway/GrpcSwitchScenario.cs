using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using SyncKairos.Grpc.V1;

namespace SyncKairos.Bench.Gateway;

/// <summary>
/// <c>grpc-switch</c>: unary SwitchCycle calls with the generated client over ONE HTTP/2 (h2c) connection with
/// C concurrent streams. Sessions are created over REST.
/// </summary>
public static class GrpcSwitchScenario
{
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
        var requests = ids.Select(id => new SwitchCycleRequest { SessionId = id.ToString() }).ToArray();
        using var channel = GrpcChannel.ForAddress(grpcTarget, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = false, UseProxy = false },
        });
        var client = new global::SyncKairos.Grpc.V1.SyncKairos.SyncKairosClient(channel);
        await SwitchLoad.RunAsync(
            c, "grpc-switch", rate, concurrency, duration, ids.Length,
            token => CallAsync(client, requests[Random.Shared.Next(requests.Length)], token), ct);
    }

    /// <summary>One unary call; null on status OK, else an error code.</summary>
    private static async Task<string?> CallAsync(global::SyncKairos.Grpc.V1.SyncKairos.SyncKairosClient client, SwitchCycleRequest request, CancellationToken ct)
    {
        try
        {
            await client.SwitchCycleAsync(request, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: ct);
            return null;
        }
        catch (RpcException ex) when (!ct.IsCancellationRequested)
        {
            return $"GRPC_{(int)ex.StatusCode}_{ex.Status.Detail}";
        }
    }
}
