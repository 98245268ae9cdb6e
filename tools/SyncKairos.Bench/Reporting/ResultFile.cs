using System.Text.Json;
using System.Text.Json.Serialization;

namespace SyncKairos.Bench.Reporting;

/// <summary>Reads and writes <see cref="BenchResult"/> as indented snake_case JSON.</summary>
public static class ResultFile
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(BenchResult result) => JsonSerializer.Serialize(result, Options);

    public static BenchResult Deserialize(string json) =>
        JsonSerializer.Deserialize<BenchResult>(json, Options) ?? throw new InvalidDataException("empty result file");

    public static async Task WriteAsync(string path, BenchResult result, CancellationToken ct)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await File.WriteAllTextAsync(path, Serialize(result), ct);
    }

    public static async Task<BenchResult> ReadAsync(string path, CancellationToken ct) =>
        Deserialize(await File.ReadAllTextAsync(path, ct));
}
