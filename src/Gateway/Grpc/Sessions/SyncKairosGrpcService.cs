using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Hosting;
using SyncKairos.Gateway.Routing;
using SyncKairos.Gateway.Security;
using SyncKairos.Grains.Abstractions;
using SyncKairos.Grpc.V1;
using SyncKairos.Redis.Sessions;
using ProtoCreateSessionRequest = SyncKairos.Grpc.V1.CreateSessionRequest;

namespace SyncKairos.Gateway.Grpc.Sessions;

/// <summary>
/// The <c>synckairos.v1.SyncKairos</c> service: each method is one <see cref="SessionStore"/> call, rendered
/// with <see cref="SessionProtoMapper"/> at response time. Errors are the store's
/// <see cref="SessionException"/>s, mapped by <see cref="SessionErrorMapper"/> in <see cref="GrpcErrorInterceptor"/>;
/// authentication and rate limits are interceptors too. When the host stops, open watches end with
/// UNAVAILABLE so that clients reconnect to another instance.
/// </summary>
public sealed partial class SyncKairosGrpcService(SessionStore store, ISessionUpdateFeed feed, TimeProvider time, IHostApplicationLifetime lifetime)
    : global::SyncKairos.Grpc.V1.SyncKairos.SyncKairosBase
{
    public const string ServiceName = "synckairos.v1.SyncKairos";
    public const string ServerVersion = "2.0.0";
    public const long DriftToleranceMs = 50;

    private long NowMs => time.GetUtcNow().ToUnixTimeMilliseconds();

    [SessionRoute(SessionOperation.Create)]
    public override async Task<CreateSessionResponse> CreateSession(ProtoCreateSessionRequest request, ServerCallContext context)
    {
        var state = await store.CreateAsync(SessionProtoMapper.ToCore(request), context.CancellationToken);
        return new CreateSessionResponse { State = SessionProtoMapper.ToProto(state, NowMs) };
    }

    [SessionRoute(SessionOperation.Start)]
    public override async Task<StartSessionResponse> StartSession(StartSessionRequest request, ServerCallContext context)
    {
        var state = await store.StartAsync(request.SessionId, context.CancellationToken);
        return new StartSessionResponse { State = SessionProtoMapper.ToProto(state, NowMs) };
    }

    [SessionRoute(SessionOperation.Switch)]
    [EnableRateLimiting(RateLimitPolicies.SessionSwitch)]
    public override async Task<SwitchCycleResponse> SwitchCycle(SwitchCycleRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var outcome = await store.SwitchAsync(request.SessionId, SessionProtoMapper.ToCore(request), context.CancellationToken);
        return SessionProtoMapper.ToProto(outcome.State, outcome.ExpiredParticipantId, NowMs);
    }

    [SessionRoute(SessionOperation.Read)]
    public override async Task<GetSessionResponse> GetSession(GetSessionRequest request, ServerCallContext context)
    {
        var state = await store.GetAsync(request.SessionId, context.CancellationToken)
            ?? throw SessionException.NotFound(request.SessionId);
        return new GetSessionResponse { State = SessionProtoMapper.ToProto(state, NowMs) };
    }

    [SessionRoute(SessionOperation.Pause)]
    public override async Task<PauseSessionResponse> PauseSession(PauseSessionRequest request, ServerCallContext context)
    {
        var state = await store.PauseAsync(request.SessionId, context.CancellationToken);
        return new PauseSessionResponse { State = SessionProtoMapper.ToProto(state, NowMs) };
    }

    [SessionRoute(SessionOperation.Resume)]
    public override async Task<ResumeSessionResponse> ResumeSession(ResumeSessionRequest request, ServerCallContext context)
    {
        var state = await store.ResumeAsync(request.SessionId, context.CancellationToken);
        return new ResumeSessionResponse { State = SessionProtoMapper.ToProto(state, NowMs) };
    }

    [SessionRoute(SessionOperation.Complete)]
    public override async Task<CompleteSessionResponse> CompleteSession(CompleteSessionRequest request, ServerCallContext context)
    {
        var state = await store.CompleteAsync(request.SessionId, context.CancellationToken);
        return new CompleteSessionResponse { State = SessionProtoMapper.ToProto(state, NowMs) };
    }

    [SessionRoute(SessionOperation.Delete)]
    public override async Task<DeleteSessionResponse> DeleteSession(DeleteSessionRequest request, ServerCallContext context)
    {
        await store.DeleteAsync(request.SessionId, context.CancellationToken);
        return new DeleteSessionResponse();
    }

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
