using System.Text.RegularExpressions;
using System.Xml.Linq;
using SyncKairos.Deploy.Tests.Infrastructure;

namespace SyncKairos.Deploy.Tests.Manifests;

/// <summary>Static checks of the Dockerfile and .dockerignore: what it copies exists and is enough to build.</summary>
public sealed partial class DockerfileTests
{
    private static readonly string[] Lines = [.. JoinContinuations(Repo.Read("Dockerfile"))];

    private static IEnumerable<string> Instructions(string name) =>
        Lines.Where(l => l.StartsWith(name + " ", StringComparison.Ordinal)).Select(l => l[(name.Length + 1)..].Trim());

    private static IReadOnlyList<string> CopiedFromContext =>
        [.. Instructions("COPY").Where(c => !c.StartsWith("--from", StringComparison.Ordinal))
            .SelectMany(c => c.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipLast(1))];

    [Fact]
    public void Builds_on_the_sdk_and_runs_on_aspnet_as_a_non_root_user_with_a_health_check()
    {
        var from = Instructions("FROM").ToList();
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", from[0], StringComparison.Ordinal);
        Assert.Contains(from, f => f.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", StringComparison.Ordinal));
        var users = Instructions("USER").ToList();
        Assert.NotEmpty(users);
        Assert.DoesNotContain(users, u => u is "root" or "0");
        Assert.Contains("/health", Assert.Single(Instructions("HEALTHCHECK")), StringComparison.Ordinal);
        Assert.Contains("\"SyncKairos.Gateway.dll\"", Assert.Single(Instructions("ENTRYPOINT")), StringComparison.Ordinal);
        Assert.DoesNotMatch(Secretish(), string.Join('\n', Instructions("ENV").Concat(Instructions("ARG"))));
    }

    [Fact]
    public void Every_path_it_copies_from_the_context_exists_and_is_not_docker_ignored()
    {
        var ignored = Repo.Read(".dockerignore").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.NotEmpty(CopiedFromContext);
        foreach (var path in CopiedFromContext)
        {
            Assert.True(File.Exists(Repo.PathOf(path)) || Directory.Exists(Repo.PathOf(path)), $"COPY {path}: not in the repository");
            var top = path.TrimEnd('/').Split('/')[0];
            Assert.DoesNotContain(ignored, i => i.TrimEnd('/') == top || i == path);
        }

        foreach (var publish in Instructions("RUN").Where(r => r.Contains("dotnet ", StringComparison.Ordinal)))
        {
            foreach (Match project in Csproj().Matches(publish))
            {
                Assert.True(File.Exists(Repo.PathOf(project.Value)), $"{project.Value} exists");
            }
        }
    }

    [Fact]
    public void The_copied_folders_hold_every_file_the_gateway_build_reaches_outside_its_projects()
    {
        var copiedTops = CopiedFromContext.Select(p => p.TrimEnd('/').Split('/')[0]).ToHashSet();
        var pending = new Queue<string>([Repo.PathOf("src/Gateway/SyncKairos.Gateway.csproj")]);
        var seen = new HashSet<string>();
        while (pending.TryDequeue(out var csproj))
        {
            if (!seen.Add(Path.GetFullPath(csproj)))
            {
                continue;
            }

            var dir = Path.GetDirectoryName(csproj)!;
            foreach (var include in XDocument.Load(csproj).Descendants().Select(e => e.Attribute("Include")?.Value).OfType<string>().Where(i => i.Contains('\\') || i.Contains('/')))
            {
                var full = Path.GetFullPath(Path.Combine(dir, include.Replace('\\', '/')));
                var relative = Path.GetRelativePath(Repo.Root, full).Replace('\\', '/');
                Assert.True(copiedTops.Contains(relative.Split('/')[0]) || copiedTops.Contains(relative),
                    $"{Path.GetFileName(csproj)} uses {relative}, which the Dockerfile does not copy");
                if (full.EndsWith(".csproj", StringComparison.Ordinal))
                {
                    pending.Enqueue(full);
                }
            }
        }

        Assert.True(seen.Count >= 4, "the gateway and the projects it references were walked");
    }

    [Fact]
    public void Exposes_the_ports_the_deployments_use()
    {
        var exposed = Instructions("EXPOSE").SelectMany(e => e.Split(' ')).ToHashSet();
        Assert.Contains("8080", exposed);
        Assert.Contains("5001", exposed);
        Assert.Contains("ASPNETCORE_HTTP_PORTS=8080", string.Join(' ', Instructions("ENV")), StringComparison.Ordinal);
    }

    private static IEnumerable<string> JoinContinuations(string text)
    {
        var current = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd();
            if (current.Length == 0 && (line.TrimStart().StartsWith('#') || line.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }

            yield return (current + line).Trim();
            current = "";
        }
    }

    [GeneratedRegex(@"(?i)(password|secret|token|apikey)\s*=\s*\S")]
    private static partial Regex Secretish();

    [GeneratedRegex(@"src/[\w./]+\.csproj")]
    private static partial Regex Csproj();
}
