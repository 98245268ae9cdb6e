using SyncKairos.Audit.Migrations;
using SyncKairos.Gateway.Apis;
using SyncKairos.Gateway.Audit;
using SyncKairos.Gateway.Demo;
using SyncKairos.Gateway.Grpc.Sessions;
using SyncKairos.Gateway.Hosting;
using SyncKairos.Gateway.Sessions;
using SyncKairos.Gateway.WebSockets;

var builder = WebApplication.CreateBuilder(args);
if (args is ["migrate", ..])
{
    // `dotnet run --project src/SyncKairos.Gateway -- migrate`: apply pending PostgreSQL migrations and exit.
    return await MigrationCommand.RunAsync(builder.Configuration, Console.Out, null, CancellationToken.None);
}

builder.AddSyncKairosGateway();

var app = builder.Build();
app.UseSyncKairosGateway();
app.MapHealthApi();
app.MapTimeApi();
app.MapSessionsApi();
app.MapEventsApi();
app.MapWebSocketApi();
app.MapSyncKairosGrpc();
app.MapDemo();

await app.RunAsync();
return 0;

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
