namespace SyncKairos.Gateway.Tests.Observability;

/// <summary>One parsed sample line: full sample name (with _bucket/_sum/_count), labels, value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string LabelKey(params string[] except) =>
        string.Join(",", Labels.Where(l => !except.Contains(l.Key)).OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
}
