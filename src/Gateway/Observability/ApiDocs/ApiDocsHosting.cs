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
        app.MapOpenApi(DocumentPath);
        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = "api-docs";
            options.SwaggerEndpoint(DocumentPath, "SyncKairos v1");
            options.DocumentTitle = "SyncKairos API";
        });
        return app;
    }
}
