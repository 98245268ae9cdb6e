using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
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
/// <see cref="SessionException"/>s, mapped by <see cref="SessionErrorMapper"/>. When the host stops, open
/// watches end with UNAVAILABLE so that clients reconnect to another instance.
/// </summary>
public sealed partial class SyncKairosGrpcService(SessionStore store, ISessionUpdateFeed feed, TimeProvider time, IHostApplicationLifetime lifetime)
{
    public const string ServiceName = "synckairos.v1.SyncKairos";
    public const string ServerVersion = "2.0.0";
    public const long DriftToleranceMs = 50;

    private long NowMs => time.GetUtcNow().ToUnixTimeMilliseconds();

    public GrpcServiceRouter CreateRouter() => CreateRouter(() => this);

    /// <summary>
    /// A router whose handlers resolve the service per call, so mapping can happen before the store is
    /// connected (the gateway connects Redis at start-up, after endpoints are mapped).
    /// </summary>
    public static GrpcServiceRouter CreateRouter(Func<SyncKairosGrpcService> service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return new GrpcServiceRouter(ServiceName) { ExceptionMapper = SessionErrorMapper.Map }
            .MapUnary<ProtoCreateSessionRequest, CreateSessionResponse>(
                "CreateSession", ProtoCreateSessionRequest.Parser, (r, c) => service().CreateSessionAsync(r, c), MetadataOf(nameof(CreateSessionAsync)))
            .MapUnary<StartSessionRequest, StartSessionResponse>(
                "StartSession", StartSessionRequest.Parser, (r, c) => service().StartSessionAsync(r, c), MetadataOf(nameof(StartSessionAsync)))
            .MapUnary<SwitchCycleRequest, SwitchCycleResponse>(
                "SwitchCycle", SwitchCycleRequest.Parser, (r, c) => service().SwitchCycleAsync(r, c), MetadataOf(nameof(SwitchCycleAsync)))
            .MapUnary<GetSessionRequest, GetSessionResponse>(
                "GetSession", GetSessionRequest.Parser, (r, c) => service().GetSessionAsync(r, c), MetadataOf(nameof(GetSessionAsync)))
            .MapUnary<PauseSessionRequest, PauseSessionResponse>(
                "PauseSession", PauseSessionRequest.Parser, (r, c) => service().PauseSessionAsync(r, c), MetadataOf(nameof(PauseSessionAsync)))
            .MapUnary<ResumeSessionRequest, ResumeSessionResponse>(
                "ResumeSession", ResumeSessionRequest.Parser, (r, c) => service().ResumeSessionAsync(r, c), MetadataOf(nameof(ResumeSessionAsync)))
            .MapUnary<CompleteSessionRequest, CompleteSessionResponse>(
                "CompleteSession", CompleteSessionRequest.Parser, (r, c) => service().CompleteSessionAsync(r, c), MetadataOf(nameof(CompleteSessionAsync)))
            .MapUnary<DeleteSessionRequest, DeleteSessionResponse>(
                "DeleteSession", DeleteSessionRequest.Parser, (r, c) => service().DeleteSessionAsync(r, c), MetadataOf(nameof(DeleteSessionAsync)))
            .MapUnary<GetServerTimeRequest, GetServerTimeResponse>(
                "GetServerTime", GetServerTimeRequest.Parser, (r, c) => Task.FromResult(service().GetServerTime()), MetadataOf(nameof(GetServerTime)))
            .MapServerStreaming<WatchSessionRequest, WatchSessionResponse>(
                "WatchSession", WatchSessionRequest.Parser, (r, w, c) => service().WatchSessionAsync(r, w, c), MetadataOf(nameof(WatchSessionAsync)));
    }

    /// <summary>What Grpc.AspNetCore would put on the method's endpoint: the attributes of its implementation.</summary>
    private static object[] MetadataOf(string method) =>
        typeof(SyncKairosGrpcService).GetMethod(method)!.GetCustomAttributes(inherit: true);

    [SessionRoute(SessionOperation.Create)]
    public async Task<CreateSessionResponse> CreateSessionAsync(ProtoCreateSessionRequest request, GrpcServerCallContext context)
    {
        var state = await store.CreateAsync(SessionProtoMapper.ToCore(request), context.CancellationToken);
        return new CreateSessionResponse { State = SessionProtoMapper.ToProto(state, NowMs) };
    }

    [SessionRoute(SessionOperation.Start)]
    public async Task<StartSessionResponse> StartSessionAsync(StartSessionRequest request, GrpcServerCallContext context)
    {
        var state = await store.StartAsync(request.SessionId, context.CancellationToken);
        return new StartSessionResponse { State = SessionProtoMapper.ToProto(state, NowMs) };
    }

    [SessionRoute(SessionOperation.Switch)]
    public async Task<SwitchCycleResponse> SwitchCycleAsync(SwitchCycleRequest request, GrpcServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var guard in context.HttpContext.RequestServices.GetServices<IGrpcSwitchGuard>())
        {
            await guard.CheckSwitchAsync(context, request);
        }

        var outcome = await store.SwitchAsync(request.SessionId, SessionProtoMapper.ToCore(request), context.CancellationToken);
        return SessionProtoMapper.ToProto(outcome.State, outcome.ExpiredParticipantId, NowMs);
    }

    [SessionRoute(SessionOperation.Read)]
    public async Task<GetSessionResponse> GetSessionAsync(GetSessionRequest request, GrpcServerCallContext context)
    {
        var state = await store.GetAsync(request.SessionId, context.CancellationToken)
            ?? throw SessionException.NotFound(request.SessionId);
        return new GetSessionResponse { State = SessionProtoMapper.ToProto(state, NowMs) };
    }

    [SessionRoute(SessionOperation.Pause)]
    public async Task<PauseSessionResponse> PauseSessionAsync(PauseSessionRequest request, GrpcServerCallContext context)
    {
        var state = await store.PauseAsync(request.SessionId, context.CancellationToken);
        return new PauseSessionResponse { State = SessionProtoMapper.ToProto(state, NowMs) };
    }

    [SessionRoute(SessionOperation.Resume)]
    public async Task<ResumeSessionResponse> ResumeSessionAsync(ResumeSessionRequest request, GrpcServerCallContext context)
    {
        var state = await store.ResumeAsync(request.SessionId, context.CancellationToken);
        return new ResumeSessionResponse { State = SessionProtoMapper.ToProto(state, NowMs) };
    }

    [SessionRoute(SessionOperation.Complete)]
    public async Task<CompleteSessionResponse> CompleteSessionAsync(CompleteSessionRequest request, GrpcServerCallContext context)
    {
        var state = await store.CompleteAsync(request.SessionId, context.CancellationToken);
        return new CompleteSessionResponse { State = SessionProtoMapper.ToProto(state, NowMs) };
    }

    [SessionRoute(SessionOperation.Delete)]
    public async Task<DeleteSessionResponse> DeleteSessionAsync(DeleteSessionRequest request, GrpcServerCallContext context)
    {
        await store.DeleteAsync(request.SessionId, context.CancellationToken);
        return new DeleteSessionResponse();
    }

    [AllowAnonymous]
    [DisableRateLimiting]
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
