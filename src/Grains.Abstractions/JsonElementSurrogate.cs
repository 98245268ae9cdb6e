using System.Text.Json;

namespace SyncKairos.Grains.Abstractions;

/// <summary>Carries a <see cref="JsonElement"/> (the create request's <c>metadata</c>) across grain calls as its raw text.</summary>
[GenerateSerializer]
[Alias("synckairos.JsonElementSurrogate")]
public struct JsonElementSurrogate
{
    [Id(0)]
    public string Raw;
}

[RegisterConverter]
public sealed class JsonElementSurrogateConverter : IConverter<JsonElement, JsonElementSurrogate>
{
    public JsonElement ConvertFromSurrogate(in JsonElementSurrogate surrogate)
    {
        using var document = JsonDocument.Parse(surrogate.Raw);
        return document.RootElement.Clone();
    }

    public JsonElementSurrogate ConvertToSurrogate(in JsonElement value) => new() { Raw = value.GetRawText() };
}
