using System.Diagnostics;
using Spectre.Console;

namespace SyncKairos.Bench.Gateway;

/// <summary>A Spectre.Console progress bar over a phase of known length, its description refreshed with live figures.</summary>
public static class LiveProgress
{
    public static async Task RunAsync(IAnsiConsole console, string title, TimeSpan expected, Func<string> status, Task work, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(work);
        if (!console.Profile.Capabilities.Interactive)
        {
            await work;
            return;
        }

        var started = Stopwatch.GetTimestamp();
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: Math.Max(1, expected.TotalSeconds));
                while (!work.IsCompleted)
                {
                    // A refresh tick for the display only; the measured work runs independently.
                    await Task.WhenAny(work, Task.Delay(250, ct));
                    task.Value = Math.Min(task.MaxValue, Stopwatch.GetElapsedTime(started).TotalSeconds);
                    task.Description = Markup.Escape($"{title}: {status()}");
                }

                task.Value = task.MaxValue;
            });
        await work;
    }
}
