using Microsoft.Extensions.Options;
using SyncKairos.Gateway.Grpc;
using SyncKairos.Gateway.Grpc.Sessions;
using SyncKairos.Gateway.Routing;
using SyncKairos.Grains.Abstractions;
using SyncKairos.Grpc.V1;
using SyncKairos.Redis.Sessions;

namespace SyncKairos.Gateway.Security;

/// <summary>
/// Scope checks for gRPC: the <c>authorization</c> metadata was validated by the JWT middleware (it is an
/// HTTP/2 header); here UNAUTHENTICATED (16) or PERMISSION_DENIED (7) end the call.
/// </summary>
public sealed class GrpcAuthFilter(IOptions<AuthSettings> settings, IServiceProvider services) : IGrpcCallFilter, IGrpcSwitchGuard
{
    public ValueTask OnCallAsync(GrpcServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!settings.Value.Enabled)
        {
            return ValueTask.CompletedTask;
        }

        var operation = EndpointRoutes.Operation(context.HttpContext.GetEndpoint());
        var user = context.HttpContext.User;
        var decision = Scopes.Check(user, operation, sessionId: null);
        if (decision == AccessDecision.Forbidden && operation == SessionOperation.Switch && Scopes.Of(user).Contains(Scopes.Play))
        {
            // The session binding is checked with the message, in CheckSwitchAsync.
            return ValueTask.CompletedTask;
        }

        Throw(decision);
        return ValueTask.CompletedTask;
    }

    public async ValueTask CheckSwitchAsync(GrpcServerCallContext context, SwitchCycleRequest request)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        if (!settings.Value.Enabled)
        {
            return;
        }

        var user = context.HttpContext.User;
        var decision = Scopes.Check(user, SessionOperation.Switch, request.SessionId);
        if (decision != AccessDecision.AllowedIfActive)
        {
            Throw(decision);
            return;
        }

        var participant = Scopes.ParticipantId(user)!;
        // Resolved late: the store exists only once Redis is connected, after the router was built.
        var state = await services.GetRequiredService<SessionStore>().GetAsync(request.SessionId, context.CancellationToken);
        if (state is not null && !string.Equals(state.ActiveParticipantId, participant, StringComparison.OrdinalIgnoreCase))
        {
            throw new GrpcException(GrpcStatusCode.PermissionDenied, ErrorCodes.FORBIDDEN);
        }

        request.ExpectedActiveParticipantId = participant;
    }

    private static void Throw(AccessDecision decision)
    {
        switch (decision)
        {
            case AccessDecision.Unauthenticated:
                throw new GrpcException(GrpcStatusCode.Unauthenticated, ErrorCodes.UNAUTHORIZED);
            case AccessDecision.Forbidden:
                throw new GrpcException(GrpcStatusCode.PermissionDenied, ErrorCodes.FORBIDDEN);
        }
    }
}
