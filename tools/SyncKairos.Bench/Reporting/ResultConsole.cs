using System.Globalization;
using Spectre.Console;

namespace SyncKairos.Bench.Reporting;

/// <summary>Final tables on the console: one run, or two runs side by side.</summary>
public static class ResultConsole
{
    public static void Print(IAnsiConsole console, BenchResult result)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(result);
        var machine = result.Machine;
        console.MarkupLine(Markup.Escape(
            $"{result.Scenario}: {machine.Cores} cores, {machine.MemoryGiB} GiB, load {machine.LoadAverage1m:0.0} — " +
            string.Join(' ', result.Parameters.Select(p => $"{p.Key}={p.Value}"))));

        var figures = new Table().AddColumns("figure", "value");
        foreach (var (name, value) in result.Figures)
        {
            figures.AddRow(Markup.Escape(name), Format(value));
        }

        console.Write(figures);
        if (result.Latencies.Count > 0)
        {
            var latencies = new Table().AddColumns([.. new[] { "latency (ms)", "count", "p50", "p90", "p99", "p99.9", "max", "mean" }.Select(h => new TableColumn(h).NoWrap())]);
            foreach (var (name, s) in result.Latencies)
            {
                latencies.AddRow(
                    Markup.Escape(name), Format(s.Count), Format(s.P50Ms), Format(s.P90Ms), Format(s.P99Ms), Format(s.P999Ms), Format(s.MaxMs), Format(s.MeanMs));
            }

            console.Write(latencies);
        }

        var errors = new Table().AddColumns("error", "count");
        foreach (var (code, count) in result.Errors)
        {
            errors.AddRow(Markup.Escape(code), Format(count));
        }

        if (result.Errors.Count == 0)
        {
            errors.AddRow("none", "0");
        }

        console.Write(errors);
    }

    public static void PrintComparison(IAnsiConsole console, BenchResult current, BenchResult other, string otherName)
    {
        ArgumentNullException.ThrowIfNull(console);
        var table = new Table().AddColumns("figure", "this run", Markup.Escape(otherName), "ratio");
        foreach (var row in ResultComparison.Compare(current, other))
        {
            table.AddRow(
                Markup.Escape(row.Name),
                row.This is { } a ? Format(a) : "—",
                row.Other is { } b ? Format(b) : "—",
                row.Ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) + "×" : "—");
        }

        console.Write(table);
    }

    private static string Format(double value) =>
        Math.Abs(value) >= 100 || value == Math.Floor(value)
            ? value.ToString("#,0", CultureInfo.InvariantCulture)
            : value.ToString(Math.Abs(value) >= 10 ? "0.#" : "0.###", CultureInfo.InvariantCulture);
}
