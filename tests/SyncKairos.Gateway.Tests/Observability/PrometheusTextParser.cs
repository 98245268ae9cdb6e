using System.Globalization;
using System.Text;

namespace SyncKairos.Gateway.Tests.Observability;

/// <summary>
/// A strict parser of the Prometheus text exposition format 0.0.4, written from the format description:
/// HELP/TYPE at most once per family and before its samples, samples of a family contiguous, metric and
/// label names by their grammar, label values with only \\ \" \n escapes, no duplicate series, histograms
/// with le-labelled cumulative buckets ending in +Inf equal to _count, plus _sum and _count. Throws
/// <see cref="FormatException"/> naming the line on any violation.
/// </summary>
public static class PrometheusTextParser
{
    private static readonly string[] Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    public static IReadOnlyDictionary<string, PrometheusFamily> Parse(string text)
    {
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new FormatException("The exposition must end with a line feed");
        }

        var families = new Dictionary<string, PrometheusFamily>(StringComparer.Ordinal);
        var closed = new HashSet<string>(StringComparer.Ordinal);
        var seriesSeen = new HashSet<string>(StringComparer.Ordinal);
        PrometheusFamily? current = null;
        var lines = text.Split('\n');
        for (var n = 0; n < lines.Length - 1; n++)
        {
            var line = lines[n];
            try
            {
                if (line.Length == 0)
                {
                    continue;
                }

                if (line.StartsWith('#'))
                {
                    var parts = line.Split(' ', 4);
                    if (parts.Length < 3 || parts[0] != "#" || (parts[1] != "HELP" && parts[1] != "TYPE"))
                    {
                        continue; // an ordinary comment
                    }

                    var family = Enter(parts[2], families, closed, ref current);
                    if (parts[1] == "HELP")
                    {
                        Require(family.Help is null, "second HELP");
                        family.Help = UnescapeHelp(parts.Length == 4 ? parts[3] : string.Empty);
                    }
                    else
                    {
                        Require(family.Type is null, "second TYPE");
                        Require(family.Samples.Count == 0, "TYPE after samples");
                        Require(parts.Length == 4 && Types.Contains(parts[3]), "unknown type");
                        family.Type = parts[3];
                    }

                    continue;
                }

                var sample = ParseSample(line);
                var owner = FamilyNameOf(sample.Name, families);
                var target = Enter(owner, families, closed, ref current);
                Require(seriesSeen.Add(sample.Name + "{" + sample.LabelKey() + "}"), "duplicate series");
                target.Samples.Add(sample);
            }
            catch (FormatException ex)
            {
                throw new FormatException($"Line {n + 1} '{line}': {ex.Message}", ex);
            }
        }

        foreach (var family in families.Values)
        {
            CheckFamily(family);
        }

        return families;
    }

    private static PrometheusFamily Enter(string name, Dictionary<string, PrometheusFamily> families, HashSet<string> closed, ref PrometheusFamily? current)
    {
        RequireName(name);
        if (current?.Name == name)
        {
            return current;
        }

        Require(!closed.Contains(name), $"samples of {name} are not contiguous");
        if (current is not null)
        {
            closed.Add(current.Name);
        }

        current = families.TryGetValue(name, out var existing) ? existing : families[name] = new PrometheusFamily(name);
        return current;
    }

    /// <summary>x_bucket/x_sum/x_count belong to family x when x is a declared histogram.</summary>
    private static string FamilyNameOf(string sampleName, Dictionary<string, PrometheusFamily> families)
    {
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal))
            {
                var baseName = sampleName[..^suffix.Length];
                if (families.TryGetValue(baseName, out var f) && f.Type is "histogram" or "summary")
                {
                    return baseName;
                }
            }
        }

        return sampleName;
    }

    private static PrometheusSample ParseSample(string line)
    {
        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ')
        {
            i++;
        }

        var name = line[..i];
        RequireName(name);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (true)
            {
                Require(i < line.Length, "unterminated label set");
                if (line[i] == '}')
                {
                    i++;
                    break;
                }

                var start = i;
                while (i < line.Length && line[i] != '=')
                {
                    i++;
                }

                var labelName = line[start..i];
                Require(IsLabelName(labelName), $"bad label name '{labelName}'");
                Require(i + 1 < line.Length && line[i + 1] == '"', "label value must be quoted");
                i += 2;
                var value = new StringBuilder();
                while (true)
                {
                    Require(i < line.Length, "unterminated label value");
                    var c = line[i++];
                    if (c == '"')
                    {
                        break;
                    }

                    if (c == '\\')
                    {
                        Require(i < line.Length, "dangling escape");
                        value.Append(line[i++] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            var other => throw new FormatException($"bad escape \\{other}"),
                        });
                    }
                    else
                    {
                        value.Append(c);
                    }
                }

                Require(labels.TryAdd(labelName, value.ToString()), $"repeated label {labelName}");
                Require(i < line.Length && (line[i] == ',' || line[i] == '}'), "expected , or }");
                if (line[i] == ',')
                {
                    i++;
                }
            }
        }

        Require(i < line.Length && line[i] == ' ', "expected a space before the value");
        var rest = line[(i + 1)..].Split(' ');
        Require(rest.Length is 1 or 2, "expected value [timestamp]");
        var sampleValue = ParseValue(rest[0]);
        if (rest.Length == 2)
        {
            Require(long.TryParse(rest[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _), "bad timestamp");
        }

        return new PrometheusSample(name, labels, sampleValue);
    }

    public static double ParseValue(string text) => text switch
    {
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) => v,
        _ => throw new FormatException($"bad value '{text}'"),
    };

    private static void CheckFamily(PrometheusFamily family)
    {
        Require(family.Type is not null, $"{family.Name} has no TYPE");
        if (family.Type == "counter")
        {
            Require(family.Samples.All(s => s.Name == family.Name && s.Value >= 0), $"{family.Name}: counters are plain non-negative samples");
        }
        else if (family.Type == "gauge")
        {
            Require(family.Samples.All(s => s.Name == family.Name), $"{family.Name}: gauges are plain samples");
        }
        else if (family.Type == "histogram")
        {
            CheckHistogram(family);
        }
    }

    private static void CheckHistogram(PrometheusFamily family)
    {
        foreach (var group in family.Samples.GroupBy(s => s.LabelKey("le")))
        {
            var buckets = group.Where(s => s.Name == family.Name + "_bucket").ToList();
            var sums = group.Where(s => s.Name == family.Name + "_sum").ToList();
            var counts = group.Where(s => s.Name == family.Name + "_count").ToList();
            Require(group.All(s => s.Name == family.Name + "_bucket" || !s.Labels.ContainsKey("le")), $"{family.Name}: le only on buckets");
            Require(buckets.Count > 0 && sums.Count == 1 && counts.Count == 1, $"{family.Name}{{{group.Key}}}: needs buckets, one _sum and one _count");
            var previousLe = double.NegativeInfinity;
            var previousCount = 0d;
            foreach (var bucket in buckets)
            {
                Require(bucket.Labels.TryGetValue("le", out var leText), $"{family.Name}: bucket without le");
                var le = ParseValue(leText!);
                Require(le > previousLe, $"{family.Name}: le not increasing");
                Require(bucket.Value >= previousCount, $"{family.Name}: buckets not cumulative");
                previousLe = le;
                previousCount = bucket.Value;
            }

            Require(double.IsPositiveInfinity(previousLe), $"{family.Name}: last bucket is not +Inf");
            Require(previousCount == counts[0].Value, $"{family.Name}: +Inf bucket differs from _count");
        }
    }

    private static void RequireName(string name) =>
        Require(name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] is '_' or ':') && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':'), $"bad metric name '{name}'");

    private static bool IsLabelName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static string UnescapeHelp(string text)
    {
        var result = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                result.Append(text[i]);
                continue;
            }

            Require(i + 1 < text.Length, "dangling escape in HELP");
            result.Append(text[++i] switch
            {
                '\\' => '\\',
                'n' => '\n',
                var other => throw new FormatException($"bad HELP escape \\{other}"),
            });
        }

        return result.ToString();
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new FormatException(message);
        }
    }
}
