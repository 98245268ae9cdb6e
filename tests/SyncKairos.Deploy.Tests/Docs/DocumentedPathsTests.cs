using System.Text.RegularExpressions;
using SyncKairos.Deploy.Tests.Infrastructure;

namespace SyncKairos.Deploy.Tests.Docs;

/// <summary>A newcomer following the README and the docs finds every file and folder they name.</summary>
public sealed partial class DocumentedPathsTests
{
    [Theory]
    [InlineData("README.md")]
    [InlineData("docs/API.md")]
    [InlineData("docs/ARCHITECTURE.md")]
    [InlineData("docs/adr/README.md")]
    [InlineData("k8s/README.md")]
    [InlineData("clients/js/README.md")]
    public void Every_repository_path_a_document_names_exists(string document)
    {
        var named = RepositoryPath().Matches(Repo.Read(document)).Select(m => m.Value.TrimEnd('.', ',', ':')).Distinct().ToList();
        Assert.NotEmpty(named);
        var missing = named.Where(path => !Exists(path)).ToList();
        Assert.True(missing.Count == 0, $"{document} names paths that do not exist: {string.Join(", ", missing)}");
    }

    /// <summary>A path, or the start of a record's file name such as <c>docs/adr/0005</c>.</summary>
    private static bool Exists(string relative)
    {
        var full = Repo.PathOf(relative);
        if (File.Exists(full) || Directory.Exists(full))
        {
            return true;
        }

        var directory = Path.GetDirectoryName(full);
        return directory is not null && Directory.Exists(directory)
            && Directory.EnumerateFileSystemEntries(directory, Path.GetFileName(full) + "*").Any();
    }

    [GeneratedRegex(@"\b(?:src|tests|tools|docs|clients|k8s|deploy|protos|migrations)/[A-Za-z0-9_./-]*")]
    private static partial Regex RepositoryPath();
}
