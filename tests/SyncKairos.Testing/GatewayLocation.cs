namespace SyncKairos.Testing;

/// <summary>Where the gateway built for this test run is.</summary>
public static class GatewayLocation
{
    /// <summary>
    /// SyncKairos.Gateway.dll beside the tests when a project reference copied it there with its runtimeconfig;
    /// otherwise the gateway project's own output of the same configuration and target framework.
    /// </summary>
    public static string Dll
    {
        get
        {
            var beside = Path.Combine(AppContext.BaseDirectory, "SyncKairos.Gateway.dll");
            if (File.Exists(beside) && File.Exists(Path.ChangeExtension(beside, ".runtimeconfig.json")))
            {
                return beside;
            }

            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = output.Parent!.Name;
            return Path.Combine(RepositoryRoot, "src", "Gateway", "bin", configuration, output.Name, "SyncKairos.Gateway.dll");
        }
    }

    /// <summary>The folder holding SyncKairos.sln, above the test's output folder.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SyncKairos.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new DirectoryNotFoundException("SyncKairos.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
