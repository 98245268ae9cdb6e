using SyncKairos.Testing;

namespace SyncKairos.Gateway.Tests.Infrastructure;

/// <summary>Where things are in the repository: the Node peers, the gateway project, the build configuration.</summary>
public static class RepoPaths
{
    public static string Root => GatewayLocation.RepositoryRoot;

    /// <summary>The build configuration of this test run (Debug or Release), from the output path.</summary>
    public static string Configuration => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string GatewayProject => Path.Combine(Root, "src", "Gateway");

    public static string WsPeerDirectory => Path.Combine(Root, "tests", "SyncKairos.Gateway.Tests", "peers", "ws");
}
