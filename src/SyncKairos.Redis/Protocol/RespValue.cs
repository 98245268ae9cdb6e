using System.Globalization;
using System.Text;

namespace SyncKairos.Redis.Protocol;

/// <summary>
/// One decoded RESP value. Strings keep their raw bytes (Redis strings are binary);
/// aggregates keep their children in wire order (a map is key, value, key, value...).
/// RESP2 null bulk strings and null arrays decode as <see cref="RespType.Null"/>.
/// </summary>
public sealed class RespValue
{
    public static readonly RespValue NullValue = new(RespType.Null);
    public static readonly RespValue Ok = SimpleString("OK");

    private static readonly RespValue[] EmptyItems = [];

    private readonly byte[]? _bytes;
    private readonly RespValue[]? _items;

    private RespValue(RespType type, byte[]? bytes = null, long integer = 0, double number = 0, RespValue[]? items = null)
    {
        Type = type;
        _bytes = bytes;
        Integer = integer;
        Double = number;
        _items = items;
    }

    public RespType Type { get; }

    /// <summary>The value of an Integer, or 1/0 for a Boolean.</summary>
    public long Integer { get; }

    /// <summary>The value of a Double.</summary>
    public double Double { get; }

    public bool IsNull => Type == RespType.Null;

    public bool IsError => Type is RespType.SimpleError or RespType.BulkError;

    public bool IsAggregate => Type is RespType.Array or RespType.Map or RespType.Set or RespType.Push;

    /// <summary>Raw payload of string-like values (simple, bulk, verbatim without its format prefix, errors, big numbers).</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes ?? ReadOnlyMemory<byte>.Empty;

    /// <summary>Children of an aggregate; empty for scalars.</summary>
    public IReadOnlyList<RespValue> Items => _items ?? EmptyItems;

    public static RespValue SimpleString(string text) => new(RespType.SimpleString, Encoding.UTF8.GetBytes(text));

    public static RespValue FromBytes(RespType type, byte[] bytes) => new(type, bytes);

    public static RespValue FromInteger(long value) => new(RespType.Integer, integer: value);

    public static RespValue FromBoolean(bool value) => new(RespType.Boolean, integer: value ? 1 : 0);

    public static RespValue FromDouble(double value) => new(RespType.Double, number: value);

    public static RespValue FromItems(RespType type, RespValue[] items) => new(type, items: items);

    /// <summary>The payload as UTF-8 text, or null for Null. Integers and doubles are formatted invariantly.</summary>
    public string? AsString() => Type switch
    {
        RespType.Null => null,
        RespType.Integer => Integer.ToString(CultureInfo.InvariantCulture),
        RespType.Boolean => Integer != 0 ? "true" : "false",
        RespType.Double => Double.ToString("R", CultureInfo.InvariantCulture),
        _ when IsAggregate => throw new InvalidCastException($"A RESP {Type} is not a string."),
        _ => Encoding.UTF8.GetString(Bytes.Span),
    };

    /// <summary>Integer value of an Integer, or of a string holding a decimal integer (RESP2 replies often do).</summary>
    public long AsInt64()
    {
        if (Type is RespType.Integer or RespType.Boolean)
        {
            return Integer;
        }

        if (Type is RespType.SimpleString or RespType.BulkString or RespType.BigNumber
            && long.TryParse(Bytes.Span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        throw new InvalidCastException($"A RESP {Type} is not an integer.");
    }

    public override string ToString() => Type switch
    {
        RespType.Null => "(nil)",
        _ when IsAggregate => $"{Type}[{Items.Count}]",
        _ => $"{Type}:{AsString()}",
    };
}
