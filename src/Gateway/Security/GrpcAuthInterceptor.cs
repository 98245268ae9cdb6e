using Grpc.Core;
using Microsoft.Extensions.Options;
using SyncKairos.Gateway.Grpc;
using SyncKairos.Gateway.Routing;
using SyncKairos.Gateway.Sessions;
using SyncKairos.Grains.Abstractions;
using SyncKairos.Grpc.V1;

namespace SyncKairos.Gateway.Security;

/// <summary>
/// Scope checks for gRPC: the <c>authorization</c> metadata was validated by the JWT middleware (it is an
/// HTTP/2 header); here UNAUTHENTICATED (16) or PERMISSION_DENIED (7) end the call. A player's SwitchCycle is
/// bound to its session and, like REST, allowed only while the player is the active participant.
/// </summary>
public sealed class GrpcAuthInterceptor(IOptions<AuthSettings> settings, IGrainFactory grains) : RequestCheckInterceptor
{
    protected override async ValueTask CheckAsync(object request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!settings.Value.Enabled)
        {
            return;
        }

        var user = context.GetHttpContext().User;
        if (request is not SwitchCycleRequest switchCycle)
        {
            Throw(Scopes.Check(user, EndpointRoutes.Operation(context.GetHttpContext().GetEndpoint()), sessionId: null));
            return;
        }

        var decision = Scopes.Check(user, SessionOperation.Switch, switchCycle.SessionId);
        if (decision != AccessDecision.AllowedIfActive)
        {
            Throw(decision);
            return;
        }

        var participant = Scopes.ParticipantId(user)!;
        var state = await grains.FindAsync(switchCycle.SessionId);
        if (state is not null && !string.Equals(state.ActiveParticipantId, participant, StringComparison.OrdinalIgnoreCase))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, ErrorCodes.FORBIDDEN));
        }

        switchCycle.ExpectedActiveParticipantId = participant;
    }

    private static void Throw(AccessDecision decision)
    {
        switch (decision)
        {
            case AccessDecision.Unauthenticated:
                throw new RpcException(new Status(StatusCode.Unauthenticated, ErrorCodes.UNAUTHORIZED));
            case AccessDecision.Forbidden:
                throw new RpcException(new Status(StatusCode.PermissionDenied, ErrorCodes.FORBIDDEN));
        }
    }
}
