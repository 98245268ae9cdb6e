using Spectre.Console;
using SyncKairos.Bench.Reporting;

namespace SyncKairos.Bench.Gateway;

/// <summary>Entry point of the scenarios that load a running gateway: run, print, write --out, print --compare.</summary>
public static class GatewayBench
{
    public static readonly IReadOnlyDictionary<string, Func<ScenarioContext, CancellationToken, Task>> Scenarios =
        new Dictionary<string, Func<ScenarioContext, CancellationToken, Task>>(StringComparer.OrdinalIgnoreCase)
        {
            ["switch"] = SwitchScenario.RunAsync,
            ["fanout"] = FanoutScenario.RunAsync,
            ["connections"] = ConnectionsScenario.RunAsync,
            ["expiry"] = ExpiryScenario.RunAsync,
            ["mixed"] = MixedScenario.RunAsync,
            ["grpc-switch"] = GrpcSwitchScenario.RunAsync,
        };

    /// <summary>Runs one scenario and returns its result (printed to <paramref name="console"/>, written to --out if given).</summary>
    public static async Task<BenchResult> RunAsync(string scenario, IReadOnlyList<string> args, IAnsiConsole console, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(console);
        var options = ScenarioOptions.Parse(args);
        var output = options.Text("out", null);
        var compare = options.Text("compare", null);
        using var context = new ScenarioContext(scenario, options, console, time);
        await Scenarios[scenario](context, ct);
        context.Errors.CopyTo(context.Result.Errors);
        foreach (var (name, value) in options.Used)
        {
            context.Result.Parameters[name] = value;
        }

        context.Result.Figures["load_average_1m_at_end"] = MachineInfo.LoadAverage();
        ResultConsole.Print(console, context.Result);
        if (output is not null)
        {
            await ResultFile.WriteAsync(output, context.Result, ct);
        }

        if (compare is not null)
        {
            ResultConsole.PrintComparison(console, context.Result, await ResultFile.ReadAsync(compare, ct), Path.GetFileName(compare));
        }

        return context.Result;
    }

    /// <summary>The command-line form: exit code 0, or 1 when the run had errors, 2 on bad arguments.</summary>
    public static Func<string[], Task<int>> Command(string scenario) => async args =>
    {
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        try
        {
            var result = await RunAsync(scenario, args, AnsiConsole.Console, TimeProvider.System, cts.Token);
            return result.TotalErrors == 0 ? 0 : 1;
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }
        catch (InvalidOperationException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
    };
}
