using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Hosting;
using SyncKairos.Gateway.Routing;
using SyncKairos.Gateway.Security;
using SyncKairos.Gateway.Sessions;
using SyncKairos.Gateway.Watching;
using SyncKairos.Grains.Abstractions;
using SyncKairos.Grpc.V1;
using ProtoCreateSessionRequest = SyncKairos.Grpc.V1.CreateSessionRequest;

namespace SyncKairos.Gateway.Grpc.Sessions;

/// <summary>
/// The <c>synckairos.v1.SyncKairos</c> service: each method is one call to the session's grain, rendered
/// with <see cref="SessionProtoMapper"/> at response time. The grain's refusals become statuses through
/// <see cref="SessionErrorMapper"/>, as the exceptions of the layers around it do in <see cref="GrpcErrorInterceptor"/>;
/// authentication and rate limits are interceptors too. When the host stops, open watches end with
/// UNAVAILABLE so that clients reconnect to another instance.
/// </summary>
public sealed partial class SyncKairosGrpcService(IGrainFactory grains, SessionSubscriptions subscriptions, TimeProvider time, IHostApplicationLifetime lifetime)
    : global::SyncKairos.Grpc.V1.SyncKairos.SyncKairosBase
{
    public const string ServiceName = "synckairos.v1.SyncKairos";
    public const string ServerVersion = "2.0.0";
    public const long DriftToleranceMs = 50;

    private long NowMs => time.GetUtcNow().ToUnixTimeMilliseconds();

    [SessionRoute(SessionOperation.Create)]
    public override async Task<CreateSessionResponse> CreateSession(ProtoCreateSessionRequest request, ServerCallContext context)
    {
        var create = SessionProtoMapper.ToCore(request);

        // Validated here too: the session id in the request is what addresses the grain.
        var errors = SessionValidator.Validate(create);
        if (errors.Count > 0)
        {
            throw SessionException.Validation(errors);
        }

        var state = (await grains.Session(create.SessionId!).Create(create)).StateOrThrow();
        return new CreateSessionResponse { State = SessionProtoMapper.ToProto(state, NowMs) };
    }

    [SessionRoute(SessionOperation.Start)]
    public override async Task<StartSessionResponse> StartSession(StartSessionRequest request, ServerCallContext context)
    {
        var state = (await Session(request.SessionId).Start()).StateOrThrow();
        return new StartSessionResponse { State = SessionProtoMapper.ToProto(state, NowMs) };
    }

    [SessionRoute(SessionOperation.Switch)]
    public override async Task<SwitchCycleResponse> SwitchCycle(SwitchCycleRequest request, ServerCallContext context)
    {
        var body = SessionProtoMapper.ToCore(request);

        // A bad body is refused before the id is looked at, whether or not the session exists.
        var errors = SessionValidator.Validate(body);
        if (errors.Count > 0)
        {
            throw SessionException.Validation(errors);
        }

        var reply = await Session(request.SessionId).Switch(body);
        return SessionProtoMapper.ToProto(reply.StateOrThrow(), reply.ExpiredParticipantId, NowMs);
    }

    [SessionRoute(SessionOperation.Read)]
    public override async Task<GetSessionResponse> GetSession(GetSessionRequest request, ServerCallContext context)
    {
        var state = (await Session(request.SessionId).Get()).StateOrThrow();
        return new GetSessionResponse { State = SessionProtoMapper.ToProto(state, NowMs) };
    }

    [SessionRoute(SessionOperation.Pause)]
    public override async Task<PauseSessionResponse> PauseSession(PauseSessionRequest request, ServerCallContext context)
    {
        var state = (await Session(request.SessionId).Pause()).StateOrThrow();
        return new PauseSessionResponse { State = SessionProtoMapper.ToProto(state, NowMs) };
    }

    [SessionRoute(SessionOperation.Resume)]
    public override async Task<ResumeSessionResponse> ResumeSession(ResumeSessionRequest request, ServerCallContext context)
    {
        var state = (await Session(request.SessionId).Resume()).StateOrThrow();
        return new ResumeSessionResponse { State = SessionProtoMapper.ToProto(state, NowMs) };
    }

    [SessionRoute(SessionOperation.Complete)]
    public override async Task<CompleteSessionResponse> CompleteSession(CompleteSessionRequest request, ServerCallContext context)
    {
        var state = (await Session(request.SessionId).Complete()).StateOrThrow();
        return new CompleteSessionResponse { State = SessionProtoMapper.ToProto(state, NowMs) };
    }

    [SessionRoute(SessionOperation.Delete)]
    public override async Task<DeleteSessionResponse> DeleteSession(DeleteSessionRequest request, ServerCallContext context)
    {
        // An id that is not a UUID names no session: deleting nothing is not an error.
        if (SessionValidator.IsUuid(request.SessionId))
        {
            (await grains.Session(request.SessionId).Delete()).Error.ThrowIfRefused();
        }

        return new DeleteSessionResponse();
    }

    /// <summary>Ids that are not UUIDs were never created (create validates them): no grain is activated for them.</summary>
    private ISessionGrain Session(string sessionId) =>
        SessionValidator.IsUuid(sessionId) ? grains.Session(sessionId) : throw SessionException.NotFound(sessionId);

    [AllowAnonymous]
    [DisableRateLimiting]
    public override Task<GetServerTimeResponse> GetServerTime(GetServerTimeRequest request, ServerCallContext context) =>
        Task.FromResult(GetServerTime());

    public GetServerTimeResponse GetServerTime()
    {
        var now = time.GetUtcNow();
        return new GetServerTimeResponse
        {
            TimestampMs = now.ToUnixTimeMilliseconds(),
            ServerVersion = ServerVersion,
            DriftToleranceMs = DriftToleranceMs,
            Timestamp = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds())),
        };
    }
}
