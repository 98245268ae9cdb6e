using System.Text;
using System.Text.Json;
using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Grains.Tests;

/// <summary>The metadata rules: what the JSON writer cannot write back is named by its dot path.</summary>
public sealed class MetadataRulesUnitTests
{
    [Theory]
    [InlineData("""{"k":"v","n":1e400,"e":"\ud83d\ude00\u0000","a":[true,null,{"b":"c"}]}""", null)]
    [InlineData("""{"k":"\ud800"}""", "metadata.k")]
    [InlineData("""{"k":"\udc00\ud800"}""", "metadata.k")]
    [InlineData("""{"\ud800":1}""", "metadata")]
    [InlineData("""{"a":{"b":[1,"ok","\udfff"]}}""", "metadata.a.b.2")]
    [InlineData("""{"a":[{"\udbff":0}]}""", "metadata.a.0")]
    public void Strings_and_names_must_decode_to_unicode_text(string json, string? field)
    {
        Assert.Equal(field, Check(Encoding.UTF8.GetBytes(json))?.Field);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]
    public void Invalid_utf8_in_a_string_or_a_name_is_named(byte[] invalid)
    {
        Assert.Equal("metadata.k", Check([.. "{\"k\":\"a"u8.ToArray(), .. invalid, .. "\"}"u8.ToArray()])?.Field);
        Assert.Equal("metadata", Check([.. "{\""u8.ToArray(), .. invalid, .. "\":1}"u8.ToArray()])?.Field);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(Limits.MaxMetadataDepth, true)]
    [InlineData(Limits.MaxMetadataDepth + 1, false)]
    [InlineData(63, false)]
    public void Nesting_is_limited(int depth, bool valid)
    {
        var json = new StringBuilder();
        for (var i = 1; i < depth; i++)
        {
            json.Append(i % 2 == 0 ? "[" : "{\"a\":");
        }

        json.Append("{}");
        for (var i = depth - 1; i >= 1; i--)
        {
            json.Append(i % 2 == 0 ? ']' : '}');
        }

        var error = Check(Encoding.UTF8.GetBytes(json.ToString()));
        Assert.Equal(valid, error is null);
        if (error is not null)
        {
            Assert.Equal(("metadata", FieldErrorCodes.TooBig), (error.Field, error.Code));
        }
    }

    private static FieldError? Check(byte[] utf8)
    {
        using var document = JsonDocument.Parse(utf8);
        return MetadataRules.Check(document.RootElement);
    }
}
