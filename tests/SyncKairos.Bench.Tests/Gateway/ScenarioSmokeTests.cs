using Spectre.Console;
using SyncKairos.Bench.Gateway;
using SyncKairos.Bench.Reporting;
using SyncKairos.Bench.Tests.Infrastructure;

namespace SyncKairos.Bench.Tests.Gateway;

/// <summary>Each scenario for a few seconds with small numbers against a healthy gateway: it runs, reports, and sees no errors.</summary>
public sealed class ScenarioSmokeTests(GatewayUnderLoadFixture fixture) : IClassFixture<GatewayUnderLoadFixture>
{
    [Fact]
    public async Task Switch_at_fixed_concurrency()
    {
        var result = await RunAsync("switch", "--sessions", "20", "--seconds", "2", "--concurrency", "4");
        AssertHealthy(result, "switches_per_s");
        Assert.True(result.Latencies["switch"].Count > 0);
        Assert.True(result.Figures["client_cpu_cores"] > 0);
    }

    [Fact]
    public async Task Switch_at_fixed_rate_from_several_source_addresses()
    {
        var result = await RunAsync("switch", "--sessions", "20", "--seconds", "2", "--rate", "100", "--source-addresses", "3");
        AssertHealthy(result, "switches_per_s");
        Assert.InRange(result.Figures["switches"], 100, 201);
    }

    [Fact]
    public async Task Fanout_delivers_every_update()
    {
        var result = await RunAsync("fanout", "--sessions", "3", "--watchers", "5", "--rate", "20", "--seconds", "2", "--watch-target", fixture.BaseAddress);
        AssertHealthy(result, "deliveries_per_s");
        Assert.Equal(1.0, result.Figures["delivered_share"]);
        Assert.Equal(result.Figures["switches"] * 5, result.Figures["deliveries"]);
    }

    [Fact]
    public async Task Connections_ramp_to_the_target_and_report_gateway_memory()
    {
        var result = await RunAsync("connections", "--connections", "100", "--rate", "100", "--sessions", "10", "--hold", "1", "--gateway-pid", fixture.Gateway.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        AssertHealthy(result, "connect_per_s");
        Assert.Equal(100, result.Figures["connections_open_after_hold"]);
        Assert.True(result.Figures["gateway_rss_after_mib"] > 0);
    }

    [Fact]
    public async Task Expiry_pushes_arrive_for_every_session()
    {
        var result = await RunAsync("expiry", "--sessions", "5", "--rate", "10");
        AssertHealthy(result, "expiries_pushed");
        Assert.Equal(5, result.Figures["expiries_pushed"]);
        Assert.Equal(0, result.Figures["pushed_before_deadline"]);
    }

    [Fact]
    public async Task Mixed_runs_whole_session_lives()
    {
        var result = await RunAsync("mixed", "--seconds", "2", "--concurrency", "2", "--ops-per-session", "5");
        AssertHealthy(result, "requests_per_s");
        Assert.True(result.Figures["session_lives"] > 0);
        Assert.True(result.Latencies["mixed.switch"].Count > 0);
    }

    [Fact]
    public async Task Grpc_switch_over_one_http2_connection()
    {
        var result = await RunAsync("grpc-switch", "--grpc-target", fixture.GrpcAddress, "--sessions", "20", "--seconds", "2", "--concurrency", "8");
        AssertHealthy(result, "switches_per_s");
    }

    [Fact]
    public async Task Result_file_and_comparison_are_written()
    {
        var first = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.json");
        try
        {
            await RunAsync("switch", "--sessions", "5", "--seconds", "1", "--concurrency", "2", "--out", first);
            var (result, output) = await RunWithOutputAsync("switch", "--sessions", "5", "--seconds", "1", "--concurrency", "2", "--compare", first);
            AssertHealthy(result, "switches_per_s");
            Assert.Equal("switch", (await ResultFile.ReadAsync(first, TestContext.Current.CancellationToken)).Scenario);
            Assert.Contains("switches_per_s", output, StringComparison.Ordinal);
            Assert.Contains("×", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(first);
        }
    }

    [Fact]
    public void Every_gateway_scenario_has_help()
    {
        Assert.All(GatewayBench.Scenarios.Keys, name => Assert.StartsWith(name + ":", BenchUsage.For(name), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_options_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => RunAsync("switch", "--sesions", "5"));
    }

    [Fact]
    public async Task A_gateway_that_is_not_there_is_reported_not_divided_by()
    {
        // Regression: connections crashed with DivideByZeroException when no session could be created.
        var nowhere = $"http://127.0.0.1:{SyncKairos.Testing.FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayBench.RunAsync(
            "connections",
            ["--target", nowhere, "--connections", "10", "--sessions", "3"],
            AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, Interactive = InteractionSupport.No, Out = new AnsiConsoleOutput(TextWriter.Null) }),
            TimeProvider.System,
            TestContext.Current.CancellationToken));
        Assert.Contains("None of the 3 sessions", error.Message, StringComparison.Ordinal);
    }

    private static void AssertHealthy(BenchResult result, string throughput)
    {
        Assert.Empty(result.Errors);
        Assert.True(result.Figures[throughput] > 0, $"{throughput} was {result.Figures[throughput]}");
    }

    private async Task<BenchResult> RunAsync(string scenario, params string[] args) => (await RunWithOutputAsync(scenario, args)).Result;

    private async Task<(BenchResult Result, string Output)> RunWithOutputAsync(string scenario, params string[] args)
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        var result = await GatewayBench.RunAsync(scenario, ["--target", fixture.BaseAddress, .. args], console, TimeProvider.System, TestContext.Current.CancellationToken);

        // --help must list every option the scenario actually read.
        var usage = BenchUsage.For(scenario);
        Assert.NotNull(usage);
        foreach (var name in result.Parameters.Keys)
        {
            Assert.Contains("--" + name + " ", usage, StringComparison.Ordinal);
        }

        return (result, writer.ToString());
    }
}
