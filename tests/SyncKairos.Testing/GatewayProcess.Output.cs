using System.Globalization;
using System.Text.RegularExpressions;

namespace SyncKairos.Testing;

/// <summary>What the gateway process wrote (stdout and stderr, one line at a time), and waits on it.</summary>
public sealed partial class GatewayProcess
{
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The first output line (already written or still to come) that matches <paramref name="predicate"/>.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            if (_output.ToString().Split('\n').FirstOrDefault(l => predicate(l.TrimEnd('\r'))) is { } existing)
            {
                return existing.TrimEnd('\r');
            }

            _lineWaiters.Add((predicate, found));
        }

        try
        {
            return await found.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no matching output line within {timeout}:\n{Output}");
        }
    }

    /// <summary>The embedded Garnet's pid, from the gateway's start-up log line.</summary>
    public int? EmbeddedGarnetPid()
    {
        var match = GarnetPid().Match(Output);
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    [GeneratedRegex(@"Embedded Garnet started at \S+ \(pid (\d+)")]
    private static partial Regex GarnetPid();

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            foreach (var waiter in _lineWaiters.Where(w => w.Predicate(line)).ToList())
            {
                _lineWaiters.Remove(waiter);
                waiter.Found.TrySetResult(line);
            }
        }

        // Kestrel's line when the log level lets it through; the host's own line otherwise (it comes just after).
        if (line.Contains("Now listening on", StringComparison.Ordinal) || line.Contains("Application started", StringComparison.Ordinal))
        {
            _listening.TrySetResult();
        }
    }
}
