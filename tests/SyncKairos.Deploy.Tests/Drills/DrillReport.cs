namespace SyncKairos.Deploy.Tests.Drills;

/// <summary>Drill figures: to the test output, and appended to SYNCKAIROS_DRILL_REPORT when set (docs/RESILIENCE.md).</summary>
public static class DrillReport
{
    private static readonly Lock Gate = new();

    public static void Line(string drill, string text)
    {
        var line = $"[{drill}] {text}";
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        if (Environment.GetEnvironmentVariable("SYNCKAIROS_DRILL_REPORT") is { Length: > 0 } path)
        {
            lock (Gate)
            {
                File.AppendAllText(path, line + Environment.NewLine);
            }
        }
    }
}
