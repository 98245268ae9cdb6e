using System.Collections.Concurrent;

namespace SyncKairos.Bench.Gateway;

/// <summary>Failed operations by code, shared by all load tasks.</summary>
public sealed class ErrorCounts
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    public void Add(string code)
    {
        _counts.AddOrUpdate(code, 1, (_, n) => n + 1);
        Interlocked.Increment(ref _total);
    }

    public void Add(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        Add("EXCEPTION_" + (exception is AggregateException { InnerException: { } inner } ? inner : exception).GetType().Name);
    }

    public void CopyTo(IDictionary<string, long> target)
    {
        ArgumentNullException.ThrowIfNull(target);
        foreach (var (code, count) in _counts)
        {
            target[code] = count;
        }
    }

    /// <summary>"code × n, ..." for messages, most frequent first.</summary>
    public override string ToString() =>
        string.Join(", ", _counts.OrderByDescending(c => c.Value).Select(c => FormattableString.Invariant($"{c.Key} × {c.Value}")));
}
