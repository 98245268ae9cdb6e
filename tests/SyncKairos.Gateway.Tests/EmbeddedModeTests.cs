using System.Diagnostics;
using SyncKairos.Gateway.Tests.Infrastructure;
using static SyncKairos.Gateway.Tests.Infrastructure.TestSessions;

namespace SyncKairos.Gateway.Tests;

/// <summary>
/// The README's run command as a new user meets it: nothing configured, so the gateway runs its embedded
/// Garnet. Sessions survive a restart; the Garnet child never outlives the gateway, even a SIGKILLed one.
/// </summary>
public sealed class EmbeddedModeTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "synckairos-tests", "embedded-" + Guid.NewGuid().ToString("N"));

    public EmbeddedModeTests() => Directory.CreateDirectory(_directory);

    [Fact]
    public async Task NothingConfiguredServesTheApiAndSurvivesARestartAndSigkillLeavesNoOrphan()
    {
        var id = NewId();
        long version;
        int garnetPid;
        await using (var gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>(), _directory, TimeSpan.FromSeconds(120), cancellationToken: TestContext.Current.CancellationToken))
        {
            Assert.Contains("Using embedded Garnet at 127.0.0.1:", gateway.Output, StringComparison.Ordinal);
            using var client = new HttpClient { BaseAddress = gateway.BaseAddress };
            await CreateAsync(client, id);
            await PostAsync(client, $"/v1/sessions/{id}/start");
            version = (await PostAsync(client, $"/v1/sessions/{id}/switch")).GetProperty("version").GetInt64();
            Assert.True(Directory.Exists(Path.Combine(_directory, "data", "garnet")), "data directory defaults to ./data");

            garnetPid = gateway.EmbeddedGarnetPid() ?? throw new InvalidOperationException("no Garnet pid in:\n" + gateway.Output);
            using var garnet = Process.GetProcessById(garnetPid);
            await gateway.KillAsync(TestContext.Current.CancellationToken);
            await garnet.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        }

        await using (var restarted = await GatewayProcess.StartAsync(new Dictionary<string, string>(), _directory, TimeSpan.FromSeconds(120), cancellationToken: TestContext.Current.CancellationToken))
        {
            using var client = new HttpClient { BaseAddress = restarted.BaseAddress };
            var state = await GetAsync(client, $"/v1/sessions/{id}");
            Assert.Equal(version, state.GetProperty("version").GetInt64());
            Assert.Equal("running", state.GetProperty("status").GetString());

            // Graceful stop: the gateway stops its Garnet too.
            var pid = restarted.EmbeddedGarnetPid()!.Value;
            Assert.NotEqual(garnetPid, pid);
            using var garnet = Process.GetProcessById(pid);
            await restarted.StopAsync(TestContext.Current.CancellationToken);
            await garnet.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
            Assert.Contains("Embedded Garnet at", restarted.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ReadmeRunCommandServesCreateStartSwitch()
    {
        // `dotnet run --project src/SyncKairos.Gateway` with the build this run already made. dotnet run starts the
        // app in the project folder; RunWorkingDirectory moves it to a fresh one so ./data stays out of the repo.
        string[] readme =
        [
            "run", "--project", RepoPaths.GatewayProject, "--no-build", "-c", RepoPaths.Configuration, "--no-launch-profile",
            $"-p:RunWorkingDirectory={_directory}", "--",
        ];
        await using var gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>(), _directory, TimeSpan.FromSeconds(120), readme, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Contains("Using embedded Garnet at 127.0.0.1:", gateway.Output, StringComparison.Ordinal);
        using var client = new HttpClient { BaseAddress = gateway.BaseAddress };
        var id = NewId();
        await CreateAsync(client, id);
        await PostAsync(client, $"/v1/sessions/{id}/start");
        var switched = await PostAsync(client, $"/v1/sessions/{id}/switch");
        Assert.Equal(3, switched.GetProperty("version").GetInt64());
        Assert.True(Directory.Exists(Path.Combine(_directory, "data", "garnet")), "data directory defaults to ./data");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
