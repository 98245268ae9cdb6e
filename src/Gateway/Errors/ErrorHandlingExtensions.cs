namespace SyncKairos.Gateway.Errors;

/// <summary>Wires the error envelope into the pipeline: exceptions, unknown routes, wrong methods.</summary>
public static class ErrorHandlingExtensions
{
    public static IServiceCollection AddApiErrorHandling(this IServiceCollection services)
    {
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddProblemDetails();
        return services;
    }

    public static WebApplication UseApiErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.Use(async (context, next) =>
        {
            await next(context);

            // Routing answers unknown routes with an empty 404 and known routes with a wrong method with an
            // empty 405; the reference service answered both with its NOT_FOUND envelope.
            var status = context.Response.StatusCode;
            if ((status == StatusCodes.Status404NotFound || status == StatusCodes.Status405MethodNotAllowed)
                && !context.Response.HasStarted && context.Response.ContentType is null)
            {
                context.Response.Headers.Allow = default;
                await ApiErrors.RouteNotFound(context.Request).ExecuteAsync(context);
            }
        });
        return app;
    }
}
