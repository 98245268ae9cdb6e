using SyncKairos.Gateway.Errors;

namespace SyncKairos.Gateway.Demo;

/// <summary>
/// <c>GET /demo/</c>: the chess-clock / meeting-timer page built on the TypeScript SDK. The files (Demo/wwwroot,
/// including the compiled SDK copied to sdk/) are embedded in the assembly, so the page works from
/// <c>dotnet run</c> on a machine without Node.
/// </summary>
public static class DemoApi
{
    private const string ResourcePrefix = "demo/";

    public static IEndpointRouteBuilder MapDemo(this IEndpointRouteBuilder app)
    {
        app.MapGet("/demo/{**path}", Serve).ExcludeFromDescription().AllowAnonymous();
        return app;
    }

    private static IResult Serve(string? path, HttpContext context)
    {
        if (string.IsNullOrEmpty(path) && !context.Request.Path.Value!.EndsWith('/'))
        {
            // The page loads its files relative to /demo/.
            return Results.Redirect(context.Request.PathBase + "/demo/");
        }

        var name = string.IsNullOrEmpty(path) ? "index.html" : path;
        // Resource names are looked up verbatim: there is no file system behind them to escape from.
        var stream = typeof(DemoApi).Assembly.GetManifestResourceStream(ResourcePrefix + name);
        if (stream is null)
        {
            return ApiErrors.RouteNotFound(context.Request);
        }

        // The page and the SDK change together with the gateway; always revalidate.
        context.Response.Headers.CacheControl = "no-cache";
        return Results.Stream(stream, ContentType(name));
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        _ => "application/octet-stream",
    };
}
