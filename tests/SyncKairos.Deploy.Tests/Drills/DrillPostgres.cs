using SyncKairos.Testing;

namespace SyncKairos.Deploy.Tests.Drills;

/// <summary>The drills' own PostgreSQL, migrated once with the gateway's <c>migrate</c> command (as the deployment Job does).</summary>
public sealed class DrillPostgres : IAsyncLifetime
{
    private PostgresServerProcess? _server;

    public PostgresServerProcess Server => _server ?? throw new InvalidOperationException("not started");

    public string MigrateOutput { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        _server = await PostgresServerProcess.CreateAsync(TestContext.Current.CancellationToken);
        var (exitCode, output) = await GatewayProcess.RunToExitAsync(
            new Dictionary<string, string> { ["SyncKairos:Audit:PostgresConnectionString"] = _server.ConnectionString },
            ["migrate"],
            TestContext.Current.CancellationToken);
        MigrateOutput = output;
        Assert.True(exitCode == 0, $"migrate exited {exitCode}: {output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
