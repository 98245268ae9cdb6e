using SyncKairos.Gateway.RateLimiting;
using SyncKairos.Gateway.Routing;
using SyncKairos.Gateway.Sessions;

namespace SyncKairos.Gateway.Security;

/// <summary>
/// Scope checks for REST and WebSocket upgrades (before the upgrade is accepted), from the route's metadata
/// (<see cref="RouteConventions"/>). gRPC calls are checked by
/// <see cref="GrpcAuthInterceptor"/> so that they are refused with a gRPC status.
/// </summary>
public sealed class AuthorizationMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (RateLimitMiddleware.IsGrpc(context.Request))
        {
            await next(context);
            return;
        }

        var endpoint = context.GetEndpoint();
        var operation = EndpointRoutes.Operation(endpoint);
        var sessionId = EndpointRoutes.Session(endpoint)?.SessionId(context.Request);
        switch (Scopes.Check(context.User, operation, sessionId))
        {
            case AccessDecision.Unauthenticated:
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await SecurityErrors.Unauthorized().ExecuteAsync(context);
                return;
            case AccessDecision.Forbidden:
                await SecurityErrors.Forbidden(SecurityErrors.MissingScope).ExecuteAsync(context);
                return;
            case AccessDecision.AllowedIfActive:
                var participant = Scopes.ParticipantId(context.User)!;
                var state = await grains.FindAsync(sessionId!);
                if (state is not null && !string.Equals(state.ActiveParticipantId, participant, StringComparison.OrdinalIgnoreCase))
                {
                    await SecurityErrors.Forbidden(SecurityErrors.NotActive).ExecuteAsync(context);
                    return;
                }

                await ParticipantSwitch.AddGuardAsync(context.Request, participant, context.RequestAborted);
                break;
        }

        await next(context);
    }
}
