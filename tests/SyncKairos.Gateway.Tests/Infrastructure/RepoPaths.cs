namespace SyncKairos.Gateway.Tests.Infrastructure;

/// <summary>Where things are: the repository (for the Node peer) and the built gateway (for process tests).</summary>
public static class RepoPaths
{
    public static string Root
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

    /// <summary>The gateway as built for this test run (copied beside the tests with its runtimeconfig).</summary>
    public static string GatewayDll => Path.Combine(AppContext.BaseDirectory, "SyncKairos.Gateway.dll");

    /// <summary>The build configuration of this test run (Debug or Release), from the output path.</summary>
    public static string Configuration => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string GatewayProject => Path.Combine(Root, "src", "SyncKairos.Gateway");

    public static string WsPeerDirectory => Path.Combine(Root, "tests", "SyncKairos.Gateway.Tests", "peers", "ws");
}
