using System.Globalization;

namespace SyncKairos.Bench.Gateway;

/// <summary>
/// <c>--name value</c> pairs of a gateway scenario. Every option read is recorded (with its default) so the
/// JSON result says exactly how the run was made; options given but never read are an error.
/// </summary>
public sealed class ScenarioOptions
{
    private readonly Dictionary<string, string> _given = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public SortedDictionary<string, string> Used { get; } = new(StringComparer.Ordinal);

    public static ScenarioOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new ScenarioOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"expected --name value, got '{name}'");
            }

            options._given[name[2..]] = args[++i];
        }

        return options;
    }

    public string? Text(string name, string? fallback)
    {
        _read.Add(name);
        var value = _given.TryGetValue(name, out var given) ? given : fallback;
        if (value is not null && name is not ("out" or "compare"))
        {
            Used[name] = value;
        }

        return value;
    }

    public int Int(string name, int fallback) =>
        int.Parse(Text(name, fallback.ToString(CultureInfo.InvariantCulture))!, CultureInfo.InvariantCulture);

    public double Double(string name, double fallback) =>
        double.Parse(Text(name, fallback.ToString(CultureInfo.InvariantCulture))!, CultureInfo.InvariantCulture);

    public TimeSpan Seconds(string name, double fallback) => TimeSpan.FromSeconds(Double(name, fallback));

    public bool Flag(string name) => Text(name, "false") is "true" or "1" or "yes";

    /// <summary>Throws when an option was given that no part of the scenario reads (a typo).</summary>
    public void ThrowOnUnknown()
    {
        var unknown = _given.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException("unknown option(s): " + string.Join(", ", unknown.Select(u => "--" + u)));
        }
    }
}
