namespace SyncKairos.Deploy.Tests.Infrastructure;

/// <summary>Paths in the repository these tests check (found from the build output upwards).</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    private static string FindRoot()
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
