namespace SyncKairos.Silo;

/// <summary>
/// The headless silo: grains only, plus health. <c>dotnet run --project src/Silo</c>. An explicit class in a
/// namespace (not top-level statements) so that a host referencing this assembly keeps its own global <c>Program</c>.
/// </summary>
internal static class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddSyncKairosSilo();
        var app = builder.Build();
        app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
        await app.RunAsync();
    }
}
