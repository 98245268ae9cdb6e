using System.Diagnostics;

namespace SyncKairos.Bench.Tests.Load;

/// <summary>k6 cannot be installed here: the scripts in tests/load are at least parsed as ES modules by node.</summary>
public sealed class K6ScriptSyntaxTests
{
    public static TheoryData<string> Scripts() => [.. Directory.GetFiles(LoadDirectory, "*.js").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Fact]
    public void Every_scenario_has_a_script()
    {
        foreach (var scenario in SyncKairos.Bench.Gateway.GatewayBench.Scenarios.Keys)
        {
            Assert.True(File.Exists(Path.Combine(LoadDirectory, scenario + ".js")), $"tests/load/{scenario}.js missing");
        }
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task Script_parses_as_an_es_module(string script)
    {
        var (exit, output) = await CheckAsync(await File.ReadAllTextAsync(Path.Combine(LoadDirectory, script), TestContext.Current.CancellationToken));
        Assert.True(exit == 0, output);
    }

    [Fact]
    public async Task The_check_rejects_a_broken_script()
    {
        var (exit, _) = await CheckAsync("import http from 'k6/http';\nexport default function () { http.get( }\n");
        Assert.NotEqual(0, exit);
    }

    private static string LoadDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SyncKairos.sln")))
                {
                    return Path.Combine(dir.FullName, "tests", "load");
                }
            }

            throw new DirectoryNotFoundException("SyncKairos.sln not found above " + AppContext.BaseDirectory);
        }
    }

    private static async Task<(int Exit, string Output)> CheckAsync(string source)
    {
        var psi = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("--check");
        psi.ArgumentList.Add("--input-type=module");
        using var node = Process.Start(psi)!;
        await node.StandardInput.WriteAsync(source);
        node.StandardInput.Close();
        var error = node.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await node.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (node.ExitCode, await error);
    }
}
