using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using SyncKairos.Gateway.Errors;
using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Gateway.Observability.ApiDocs;

/// <summary>
/// Completes the generated document: error responses with the envelope schema and an example, the request
/// bodies the handlers read by hand, and the routes that are not minimal-API endpoints (docs, dashboard).
/// </summary>
internal static class ApiDocsTransformers
{
    public static async Task AddErrorsAndBodiesAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var method = context.Description.HttpMethod ?? "GET";
        var route = "/" + (context.Description.RelativePath ?? string.Empty).TrimEnd('/');
        operation.Responses ??= [];
        var errors = ErrorResponses.For(method, route);
        if (errors.Count > 0)
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(ErrorEnvelope), null, ct);
            foreach (var status in errors)
            {
                var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
                operation.Responses[key] = new OpenApiResponse
                {
                    Description = ErrorResponses.Describe(status),
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/json"] = new() { Schema = schema, Example = Example(status) },
                    },
                };
            }
        }

        var body = (method, route) switch
        {
            ("POST", "/v1/sessions") => typeof(CreateSessionRequest),
            ("POST", "/v1/sessions/{id}/switch") => typeof(SwitchRequest),
            _ => null,
        };
        if (body is not null)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = body == typeof(CreateSessionRequest),
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(body, null, ct) },
                },
            };
        }
    }

    public static Task AddStaticRoutesAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info.Title = "SyncKairos";
        document.Info.Version = "v1";
        document.Info.Description = "Synchronized timers: REST, WebSocket (/ws) and gRPC. Contract: docs/API.md.";
        document.Paths ??= [];
        Add(document, "/api-docs.json", "This OpenAPI document", "application/json");
        Add(document, "/api-docs/", "API explorer page", "text/html");
        Add(document, "/dashboard/", "Operations dashboard page", "text/html");
        document.Paths.Remove("/ws");
        document.Paths["/ws"] = new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new()
                {
                    Summary = "WebSocket: ws://host/ws?sessionId=<uuid> (messages in docs/API.md)",
                    Responses = new OpenApiResponses { ["101"] = new OpenApiResponse { Description = "Switching protocols" } },
                },
            },
        };
        return Task.CompletedTask;
    }

    private static void Add(OpenApiDocument document, string path, string summary, string contentType)
    {
        document.Paths[path] = new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new()
                {
                    Summary = summary,
                    Responses = new OpenApiResponses
                    {
                        ["200"] = new OpenApiResponse
                        {
                            Description = summary,
                            Content = new Dictionary<string, OpenApiMediaType> { [contentType] = new() },
                        },
                    },
                },
            },
        };
    }

    private static JsonNode Example(int status) => new JsonObject
    {
        ["error"] = new JsonObject
        {
            ["code"] = ErrorResponses.ExampleCode(status),
            ["message"] = ErrorResponses.Describe(status),
        },
    };
}
