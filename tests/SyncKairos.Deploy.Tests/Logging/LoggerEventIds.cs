using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using SyncKairos.Deploy.Tests.Infrastructure;

namespace SyncKairos.Deploy.Tests.Logging;

/// <summary>The <c>[LoggerMessage]</c> event ids of the solution's own assemblies, read by reflection.</summary>
public static partial class LoggerEventIds
{
    private const BindingFlags AllMethods = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;

    /// <summary>Assembly names of the projects under <c>src/</c> and <c>tools/</c> in SyncKairos.sln (the csproj file names).</summary>
    public static IReadOnlyList<string> ShippedAssemblyNames() =>
        [.. SolutionProject().Matches(Repo.Read("SyncKairos.sln"))
            .Select(m => m.Groups["path"].Value.Replace('\\', '/'))
            .Where(path => path.StartsWith("src/", StringComparison.Ordinal) || path.StartsWith("tools/", StringComparison.Ordinal))
            .Select(Path.GetFileNameWithoutExtension)
            .Select(name => name!)
            .Order(StringComparer.Ordinal)];

    /// <summary>Every event id used more than once, with the methods that use it.</summary>
    public static IReadOnlyDictionary<int, string[]> Duplicates(IEnumerable<Type> types) =>
        types.SelectMany(type => type.GetMethods(AllMethods)
                .Select(method => (method, attribute: method.GetCustomAttribute<LoggerMessageAttribute>()))
                .Where(m => m.attribute is not null)
                .Select(m => (id: m.attribute!.EventId, name: $"{type.FullName}.{m.method.Name}")))
            .GroupBy(m => m.id)
            .Where(g => g.Count() > 1)
            .ToDictionary(g => g.Key, g => g.Select(m => m.name).Order(StringComparer.Ordinal).ToArray());

    /// <summary>Every type of an assembly, including nested ones.</summary>
    public static IEnumerable<Type> TypesOf(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.OfType<Type>();
        }
    }

    [GeneratedRegex(@"^Project\(""\{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC\}""\) = ""[^""]+"", ""(?<path>[^""]+\.csproj)""", RegexOptions.Multiline)]
    private static partial Regex SolutionProject();
}
