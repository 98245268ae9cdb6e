using SyncKairos.Gateway.Apis;
using SyncKairos.Gateway.Hosting;
using SyncKairos.Gateway.Sessions;
using SyncKairos.Gateway.WebSockets;

var builder = WebApplication.CreateBuilder(args);
builder.AddSyncKairosGateway();

var app = builder.Build();
app.UseSyncKairosGateway();
app.MapHealthApi();
app.MapTimeApi();
app.MapSessionsApi();
app.MapWebSocketApi();

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
