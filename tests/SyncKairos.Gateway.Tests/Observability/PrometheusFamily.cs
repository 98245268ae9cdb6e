namespace SyncKairos.Gateway.Tests.Observability;

/// <summary>A parsed family: its HELP, TYPE and samples in the order they appeared.</summary>
public sealed class PrometheusFamily(string name)
{
    public string Name { get; } = name;

    public string? Help { get; set; }

    public string? Type { get; set; }

    public List<PrometheusSample> Samples { get; } = [];

    /// <summary>Sum of the plain samples (or _count for histograms) whose labels include <paramref name="match"/>.</summary>
    public double Total(params (string Key, string Value)[] match)
    {
        var sampleName = Type == "histogram" ? Name + "_count" : Name;
        return Samples.Where(s => s.Name == sampleName && match.All(m => s.Labels.TryGetValue(m.Key, out var v) && v == m.Value)).Sum(s => s.Value);
    }
}
