using System.Reflection;

namespace SyncKairos.Testing;

/// <summary>
/// Finds GarnetServer.dll of the garnet-server package that the build downloaded (PackageDownload). A copy of the
/// silo's (src/Silo/Embedded), so that test projects without the silo can start Garnet too.
/// </summary>
internal static class GarnetLocation
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

        var baked = typeof(GarnetLocation).Assembly
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

    /// <summary>The dotnet host running this process, so Garnet runs on the same runtime without relying on PATH.</summary>
    public static string DotnetHost()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return self;
        }

        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return string.IsNullOrEmpty(fromSdk) ? "dotnet" : fromSdk;
    }
}
