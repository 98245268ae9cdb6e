using System.Reflection;

namespace SyncKairos.Testing;

/// <summary>Finds GarnetServer.dll from the garnet-server package that the build downloaded.</summary>
public static class GarnetLocator
{
    public const string Version = "2.2.8";

    public static string FindServerDll()
    {
        var roots = new List<string>();
        var env = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (!string.IsNullOrEmpty(env))
        {
            roots.Add(env);
        }

        var baked = typeof(GarnetLocator).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "SyncKairos.NuGetPackageRoot")?.Value;
        if (!string.IsNullOrEmpty(baked))
        {
            roots.Add(baked);
        }

        roots.Add(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"));
        foreach (var root in roots)
        {
            var dll = Path.Combine(root, "garnet-server", Version, "tools", "net10.0", "any", "GarnetServer.dll");
            if (File.Exists(dll))
            {
                return dll;
            }
        }

        throw new FileNotFoundException(
            $"GarnetServer.dll ({Version}) not found under: {string.Join(", ", roots)}. Run 'dotnet restore' first.");
    }
}
