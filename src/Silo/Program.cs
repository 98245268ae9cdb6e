using SyncKairos.Silo;

// The headless silo: grains only, plus health. `dotnet run --project src/Silo`.
var builder = WebApplication.CreateBuilder(args);
builder.AddSyncKairosSilo();
var app = builder.Build();
app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
await app.RunAsync();
