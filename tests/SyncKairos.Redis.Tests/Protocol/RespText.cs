using System.Globalization;
using System.Text;
using SyncKairos.Redis.Protocol;

namespace SyncKairos.Redis.Tests.Protocol;

/// <summary>A canonical rendering of a decoded value, so tests can compare whole trees in one assertion.</summary>
internal static class RespText
{
    public static string Describe(RespValue value) => value.Type switch
    {
        RespType.Null => "null",
        RespType.Integer => $"int:{value.Integer}",
        RespType.Boolean => $"bool:{value.Integer != 0}",
        RespType.Double => $"double:{value.Double.ToString("R", CultureInfo.InvariantCulture)}",
        _ when value.IsAggregate => $"{value.Type}[{string.Join(",", value.Items.Select(Describe))}]",
        _ => $"{value.Type}:{Encoding.UTF8.GetString(value.Bytes.Span)}",
    };
}
