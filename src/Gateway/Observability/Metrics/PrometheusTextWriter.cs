using System.Globalization;

namespace SyncKairos.Gateway.Observability.Metrics;

/// <summary>
/// Prometheus text exposition format 0.0.4: one <c># HELP</c> and <c># TYPE</c> per family, escaped label
/// values, histograms as cumulative <c>_bucket{le}</c> series ending in <c>+Inf</c> plus <c>_sum</c> and <c>_count</c>.
/// </summary>
public sealed class PrometheusTextWriter : IMetricsWriter
{
    public string ContentType => "text/plain; version=0.0.4; charset=utf-8";

    public void Write(IReadOnlyList<MetricFamily> families, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(families);
        ArgumentNullException.ThrowIfNull(output);
        foreach (var family in families)
        {
            output.Write("# HELP ");
            output.Write(family.Name);
            output.Write(' ');
            output.Write(EscapeHelp(family.Help));
            output.Write('\n');
            output.Write("# TYPE ");
            output.Write(family.Name);
            output.Write(' ');
            output.Write(family.Kind switch
            {
                MetricKind.Counter => "counter",
                MetricKind.Gauge => "gauge",
                _ => "histogram",
            });
            output.Write('\n');
            foreach (var series in family.Series)
            {
                if (family.Kind == MetricKind.Histogram)
                {
                    WriteHistogram(family, series, output);
                }
                else
                {
                    WriteSample(output, family.Name, series.Labels, null, series.Value);
                }
            }
        }
    }

    private static void WriteHistogram(MetricFamily family, MetricSeries series, TextWriter output)
    {
        var bounds = family.BucketBounds ?? [];
        var counts = series.BucketCounts ?? [];
        long cumulative = 0;
        for (var i = 0; i < bounds.Count; i++)
        {
            cumulative += i < counts.Count ? counts[i] : 0;
            WriteSample(output, family.Name + "_bucket", series.Labels, FormatDouble(bounds[i]), cumulative);
        }

        // +Inf equals _count by definition; taking it from the count keeps the two consistent under races.
        WriteSample(output, family.Name + "_bucket", series.Labels, "+Inf", series.Count);
        WriteSample(output, family.Name + "_sum", series.Labels, null, series.Value);
        WriteSample(output, family.Name + "_count", series.Labels, null, series.Count);
    }

    private static void WriteSample(TextWriter output, string name, IReadOnlyList<KeyValuePair<string, string>> labels, string? le, double value)
    {
        output.Write(name);
        if (labels.Count > 0 || le is not null)
        {
            output.Write('{');
            var first = true;
            foreach (var (key, labelValue) in labels)
            {
                WriteLabel(output, key, labelValue, ref first);
            }

            if (le is not null)
            {
                WriteLabel(output, "le", le, ref first);
            }

            output.Write('}');
        }

        output.Write(' ');
        output.Write(FormatDouble(value));
        output.Write('\n');
    }

    private static void WriteLabel(TextWriter output, string key, string value, ref bool first)
    {
        if (!first)
        {
            output.Write(',');
        }

        first = false;
        output.Write(key);
        output.Write("=\"");
        output.Write(EscapeLabelValue(value));
        output.Write('"');
    }

    public static string FormatDouble(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>Label values escape backslash, double quote and line feed.</summary>
    public static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>HELP text escapes backslash and line feed only.</summary>
    public static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
