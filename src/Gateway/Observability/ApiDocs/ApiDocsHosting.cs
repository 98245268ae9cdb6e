namespace SyncKairos.Gateway.Observability.ApiDocs;

/// <summary><c>GET /api-docs.json</c> (OpenAPI 3 from Microsoft.AspNetCore.OpenApi) and the explorer at <c>/api-docs/</c>.</summary>
public static class ApiDocsHosting
{
    public const string DocumentPath = "/api-docs.json";

    public static IServiceCollection AddApiDocs(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
            options.AddOperationTransformer(ApiDocsTransformers.AddErrorsAndBodiesAsync);
            options.AddDocumentTransformer(ApiDocsTransformers.AddStaticRoutesAsync);
        });

    public static WebApplication MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath).AllowAnonymous().DisableRateLimiting().DisableHttpMetrics();

        // The explorer is middleware; run as an endpoint it carries the same route metadata as the rest.
        var explorer = ((IEndpointRouteBuilder)app).CreateApplicationBuilder()
            .UseSwaggerUI(options =>
            {
                options.RoutePrefix = "api-docs";
                options.SwaggerEndpoint(DocumentPath, "SyncKairos v1");
                options.DocumentTitle = "SyncKairos API";
            })
            .Build();
        app.MapMethods("/api-docs/{**file}", [HttpMethods.Get, HttpMethods.Head], context => ServeExplorerAsync(context, explorer))
            .ExcludeFromDescription().AllowAnonymous().DisableRateLimiting().DisableHttpMetrics();
        return app;
    }

    private static async Task ServeExplorerAsync(HttpContext context, RequestDelegate explorer)
    {
        // The explorer's static-file middleware steps aside for any request that matched an endpoint; its
        // own requests must look unrouted to it. The endpoint is put back for the middleware that reads it after.
        var endpoint = context.GetEndpoint();
        context.SetEndpoint(null);
        try
        {
            await explorer(context);
        }
        finally
        {
            context.SetEndpoint(endpoint);
        }
    }
}
