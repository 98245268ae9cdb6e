using System.Text.Json;

namespace SyncKairos.Grains.Abstractions;

/// <summary>The JSON settings for SyncKairos payloads: snake_case names, docs/API.md's null-versus-absent rules.</summary>
public static class SyncKairosJson
{
    /// <summary>Options backed by <see cref="SyncKairosJsonContext"/>; hosts may insert them into their own resolver chain.</summary>
    public static JsonSerializerOptions Options { get; } = new(SyncKairosJsonContext.Default.Options);

    public static SyncKairosJsonContext Context => SyncKairosJsonContext.Default;

    public static string Serialize(SyncStateDto state) => JsonSerializer.Serialize(state, SyncKairosJsonContext.Default.SyncStateDto);

    public static string Serialize(SwitchResultDto result) => JsonSerializer.Serialize(result, SyncKairosJsonContext.Default.SwitchResultDto);
}
