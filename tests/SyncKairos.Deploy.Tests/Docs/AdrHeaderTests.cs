using System.Text.RegularExpressions;
using SyncKairos.Deploy.Tests.Infrastructure;

namespace SyncKairos.Deploy.Tests.Docs;

/// <summary>Every architecture decision record says whether it holds, since when, and what replaced what.</summary>
public sealed partial class AdrHeaderTests
{
    private static readonly IReadOnlyDictionary<string, string> Records = Directory
        .GetFiles(Repo.PathOf("docs/adr"), "*.md")
        .Where(path => RecordName().IsMatch(Path.GetFileName(path)))
        .ToDictionary(path => Path.GetFileName(path)[..4], File.ReadAllText);

    [Fact]
    public void Every_record_has_status_date_and_supersession_lines()
    {
        Assert.True(Records.Count > 20, $"found {Records.Count} records");
        foreach (var (number, text) in Records)
        {
            Assert.True(Status().IsMatch(text), $"ADR {number} has no '- Status: Proposed|Accepted|Superseded|Deprecated' line");
            Assert.True(Date().IsMatch(text), $"ADR {number} has no '- Date: yyyy-mm-dd' line");
            Assert.True(Line("Supersedes").IsMatch(text), $"ADR {number} has no '- Supersedes:' line");
            Assert.True(Line("Superseded by").IsMatch(text), $"ADR {number} has no '- Superseded by:' line");
        }
    }

    [Fact]
    public void Supersession_is_stated_on_both_sides()
    {
        foreach (var (number, text) in Records)
        {
            foreach (var later in Mentioned(Line("Superseded by"), text))
            {
                Assert.True(Records.TryGetValue(later, out var laterText), $"ADR {number} is superseded by ADR {later}, which does not exist");
                Assert.Contains(number, Mentioned(Line("Supersedes"), laterText));
            }

            foreach (var earlier in Mentioned(Line("Supersedes"), text))
            {
                Assert.True(Records.TryGetValue(earlier, out var earlierText), $"ADR {number} supersedes ADR {earlier}, which does not exist");
                Assert.Contains(number, Mentioned(Line("Superseded by"), earlierText));
            }
        }
    }

    private static Regex Line(string name) => new($"^- {name}: (?<value>.+)$", RegexOptions.Multiline);

    private static IEnumerable<string> Mentioned(Regex line, string text) =>
        AdrNumber().Matches(line.Match(text).Groups["value"].Value).Select(m => m.Groups[1].Value);

    [GeneratedRegex(@"^\d{4}-.+\.md$")]
    private static partial Regex RecordName();

    [GeneratedRegex(@"^- Status: (Proposed|Accepted|Superseded|Deprecated)\b", RegexOptions.Multiline)]
    private static partial Regex Status();

    [GeneratedRegex(@"^- Date: \d{4}-\d{2}-\d{2}$", RegexOptions.Multiline)]
    private static partial Regex Date();

    [GeneratedRegex(@"ADR (\d{4})")]
    private static partial Regex AdrNumber();
}
