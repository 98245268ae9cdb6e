using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace SyncKairos.Audit.Migrations;

/// <summary>One numbered SQL file from <c>migrations/</c>, identified by its file name.</summary>
public sealed record Migration(string Name, string Sql)
{
    private const string ResourcePrefix = "SyncKairos.Audit.Migrations.";

    /// <summary>
    /// SHA-256 of the text with line endings normalised, so a checkout with CRLF does not look like an edit.
    /// </summary>
    public string Checksum => Convert.ToHexStringLower(
        SHA256.HashData(Encoding.UTF8.GetBytes(Sql.Replace("\r\n", "\n", StringComparison.Ordinal))));

    /// <summary>The migrations embedded in this assembly, in file-name order.</summary>
    public static IReadOnlyList<Migration> LoadEmbedded()
    {
        var assembly = typeof(Migration).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => new Migration(n[ResourcePrefix.Length..], Read(assembly, n)))
            .ToList();
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded migration {resource} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
