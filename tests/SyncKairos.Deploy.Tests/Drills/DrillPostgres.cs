using SyncKairos.Deploy.Tests.Infrastructure;

namespace SyncKairos.Deploy.Tests.Drills;

/// <summary>The drills' own PostgreSQL, migrated once with the gateway's <c>migrate</c> command (as the deployment Job does).</summary>
public sealed class DrillPostgres : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("not started");

    public string MigrateOutput { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        _server = await PostgresServer.StartAsync();
        var (exitCode, output) = await GatewayProcess.RunToExitAsync(
            new Dictionary<string, string> { ["SyncKairos:Audit:PostgresConnectionString"] = _server.ConnectionString }, "migrate");
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
