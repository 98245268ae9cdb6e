using System.Runtime.InteropServices;
using System.Text.Json;

namespace SyncKairos.Grains.Abstractions;

/// <summary>
/// What a session's <c>metadata</c> must be for every writer to write it back, checked once when it is
/// accepted. The JSON writer turns every string and property name into UTF-16 text, which a lone surrogate
/// escape (<c>"\ud800"</c>) or an invalid UTF-8 byte cannot become; and metadata is written nested inside
/// envelopes (REST <c>data</c>, the WebSocket <c>state</c>, a protobuf <c>Struct</c> whose readers stop at 100
/// levels of messages), so its own nesting is bounded by <see cref="Limits.MaxMetadataDepth"/>, well inside
/// the parser's and writer's limit of 64.
/// </summary>
public static class MetadataRules
{
    /// <summary>The first rule <paramref name="metadata"/> breaks, with the dot path of the offending value; null when it is writable.</summary>
    public static FieldError? Check(JsonElement metadata)
    {
        if (JsonMarshal.GetRawUtf8Value(metadata).Length > Limits.MaxMetadataBytes)
        {
            return new FieldError(Field, $"Must be at most {Limits.MaxMetadataBytes} bytes serialized", FieldErrorCodes.TooBig);
        }

        return Check(metadata, Field, depth: 1);
    }

    private const string Field = "metadata";

    private static FieldError? Check(JsonElement element, string path, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object or JsonValueKind.Array when depth > Limits.MaxMetadataDepth:
                return new FieldError(Field, $"Must be nested at most {Limits.MaxMetadataDepth} levels deep", FieldErrorCodes.TooBig);
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!TryReadName(property, out var name))
                    {
                        return NotText(path, "Property names must be valid Unicode text");
                    }

                    if (Check(property.Value, $"{path}.{name}", depth + 1) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Check(item, $"{path}.{index++}", depth + 1) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.String:
                return IsText(element) ? null : NotText(path, "Must be valid Unicode text");
            default:
                return null;
        }
    }

    private static FieldError NotText(string path, string message) => new(path, message, FieldErrorCodes.InvalidString);

    // System.Text.Json reports text it cannot decode (a lone surrogate, invalid UTF-8) with InvalidOperationException;
    // the writer fails the same way on the same text, which is why the check asks the same decoder.
    private static bool IsText(JsonElement value)
    {
        try
        {
            _ = value.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool TryReadName(JsonProperty property, out string name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = "";
            return false;
        }
    }
}
