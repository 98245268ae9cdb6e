using Spectre.Console;
using SyncKairos.Bench.Reporting;

namespace SyncKairos.Bench.Gateway;

/// <summary>What every gateway scenario shares: options, the REST client, the error counts and the result being filled.</summary>
public sealed class ScenarioContext : IDisposable
{
    public ScenarioContext(string scenario, ScenarioOptions options, IAnsiConsole console, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Console = console;
        Time = time;
        Target = new Uri(options.Text("target", "http://127.0.0.1:5000")!);
        Sources = new LoopbackSources(options.Int("source-addresses", 0));
        var pid = options.Int("gateway-pid", 0);
        GatewayPid = pid > 0 ? pid : null;
        // Unbounded by default; a bound makes the client behave like a fixed fleet of keep-alive clients, whose
        // requests wait (and are timed from their intended send) instead of opening connections in a stall.
        var maxConnections = options.Int("max-connections", 0);
        Api = new GatewayApi(new HttpClient(Sources.CreateHandler(maxConnections > 0 ? maxConnections : int.MaxValue)) { BaseAddress = Target, Timeout = TimeSpan.FromSeconds(30) });
        Result = new BenchResult { Scenario = scenario, StartedAt = time.GetUtcNow() };
    }

    public ScenarioOptions Options { get; }

    public IAnsiConsole Console { get; }

    public TimeProvider Time { get; }

    public Uri Target { get; }

    public LoopbackSources Sources { get; }

    public int? GatewayPid { get; }

    public GatewayApi Api { get; }

    public ErrorCounts Errors { get; } = new();

    public BenchResult Result { get; }

    /// <summary>An invoker for WebSocket upgrades that binds to the configured source addresses.</summary>
    public HttpMessageInvoker CreateInvoker() => new(Sources.CreateHandler(int.MaxValue));

    public void Dispose() => Api.Http.Dispose();
}
