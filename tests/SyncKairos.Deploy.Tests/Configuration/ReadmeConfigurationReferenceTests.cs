using System.Globalization;
using System.Text.RegularExpressions;
using SyncKairos.Deploy.Tests.Infrastructure;

namespace SyncKairos.Deploy.Tests.Configuration;

/// <summary>Keeps the README's configuration table true: same keys as the code, right variable names and defaults.</summary>
public sealed partial class ReadmeConfigurationReferenceTests
{
    private static readonly IReadOnlyList<string[]> Rows = ReadRows();

    [Fact]
    public void Every_key_in_the_table_is_bound_by_the_gateway()
    {
        Assert.True(Rows.Count > 10, "the configuration table was found");
        foreach (var row in Rows)
        {
            Assert.True(GatewayConfigurationKeys.Contains(row[0]), $"README documents {row[0]}, which nothing binds");
        }
    }

    [Fact]
    public void Every_key_the_gateway_binds_is_in_the_table()
    {
        var documented = Rows.Select(r => r[0]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.Empty(GatewayConfigurationKeys.All.Where(k => !documented.Contains(k)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Environment_variable_column_is_the_key_with_double_underscores()
    {
        foreach (var row in Rows)
        {
            Assert.Equal(row[0], GatewayConfigurationKeys.FromEnvironmentName(row[1]));
        }
    }

    [Fact]
    public void Literal_defaults_match_the_options_classes()
    {
        var compared = 0;
        foreach (var row in Rows)
        {
            // Defaults that are computed from other settings or mean "off" are described in words; skip those.
            var cell = row[2];
            if (cell.Contains('→', StringComparison.Ordinal) || cell.Contains('<', StringComparison.Ordinal) || cell.Contains("SyncKairos:", StringComparison.Ordinal))
            {
                continue;
            }

            var literal = Code().Match(cell);
            Assert.True(literal.Success, $"{row[0]}: default '{cell}' is neither a literal nor described");
            var type = GatewayConfigurationKeys.TypeOf(row[0]);
            object parsed = type == typeof(TimeSpan) ? TimeSpan.Parse(literal.Groups[1].Value, CultureInfo.InvariantCulture)
                : type == typeof(int) ? int.Parse(literal.Groups[1].Value, CultureInfo.InvariantCulture)
                : type == typeof(bool) ? bool.Parse(literal.Groups[1].Value)
                : literal.Groups[1].Value;
            Assert.True(Equals(parsed, GatewayConfigurationKeys.DefaultOf(row[0])), $"{row[0]}: README says {cell}, code says {GatewayConfigurationKeys.DefaultOf(row[0])}");
            compared++;
        }

        Assert.True(compared > 15, $"only {compared} defaults compared");
    }

    private static List<string[]> ReadRows()
    {
        var readme = Repo.Read("README.md");
        var start = readme.IndexOf("<!-- configuration-reference:start -->", StringComparison.Ordinal);
        var end = readme.IndexOf("<!-- configuration-reference:end -->", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "README has the configuration-reference markers");
        return [.. readme[start..end].Split('\n')
            .Where(l => l.StartsWith("| `SyncKairos:", StringComparison.Ordinal))
            .Select(l => Cells().Split(l.Trim().Trim('|')).Select(c => c.Trim()).ToArray())
            .Select(c => new[] { Code().Match(c[0]).Groups[1].Value, Code().Match(c[1]).Groups[1].Value, c[2] })];
    }

    [GeneratedRegex(@"^`([^`]*)`$")]
    private static partial Regex Code();

    // Cells split on pipes that are not escaped (the Redis protocol=2\|3 cell has one).
    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex Cells();
}
