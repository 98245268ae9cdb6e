using Microsoft.Extensions.FileProviders;

namespace SyncKairos.Gateway.Observability.Dashboard;

/// <summary>
/// <c>GET /dashboard/</c>: the ops page, plain HTML/JS/SVG embedded in the assembly (no CDN, no build step),
/// so it is served the same whatever the working directory.
/// </summary>
public static class DashboardApi
{
    public const string ResourcePrefix = "SyncKairos.Dashboard";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".html"] = "text/html; charset=utf-8",
    };

    public static WebApplication MapDashboard(this WebApplication app)
    {
        var files = new EmbeddedFileProvider(typeof(DashboardApi).Assembly, ResourcePrefix);

        // Static pages that carry no data of their own: public, and not an API figure.
        // Routing ignores a trailing slash, so one endpoint serves both; relative links need the slash.
        app.MapGet("/dashboard/", (HttpRequest request) => request.Path.Value!.EndsWith('/')
                ? Results.Stream(files.GetFileInfo("index.html").CreateReadStream(), "text/html; charset=utf-8")
                : Results.Redirect("/dashboard/"))
            .ExcludeFromDescription().AllowAnonymous().DisableHttpMetrics();

        // An endpoint rather than UseStaticFiles: the gateway's fallback endpoint (404 envelope) would shadow it.
        app.MapGet("/dashboard/{file}", (string file) => files.GetFileInfo(file) is { Exists: true } info && ContentTypes.TryGetValue(Path.GetExtension(file), out var type)
                ? Results.Stream(info.CreateReadStream(), type)
                : Results.NotFound())
            .ExcludeFromDescription().AllowAnonymous().DisableHttpMetrics();
        return app;
    }
}
