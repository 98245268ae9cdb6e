using Microsoft.AspNetCore.Http.HttpResults;
using SyncKairos.Gateway.Errors;
using SyncKairos.Gateway.Routing;
using SyncKairos.Gateway.Security;
using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Gateway.Sessions;

/// <summary>
/// The <c>/v1/sessions</c> routes of docs/API.md. Each handler is one call to the session's grain; its refusals carry
/// docs/API.md's codes and are answered by <see cref="ApiErrors.From(SessionError, HttpResponse)"/>.
/// </summary>
public static class SessionsApi
{
    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/v1/sessions");
        sessions.MapPost("/", CreateAsync).ForSession(SessionOperation.Create);
        sessions.MapGet("/{id}", GetAsync).ForSession(SessionOperation.Read);
        sessions.MapPost("/{id}/start", (string id, HttpResponse response, IGrainFactory grains, TimeProvider time) =>
            TransitionAsync(id, g => g.Start(), grains, response, time)).ForSession(SessionOperation.Start);
        sessions.MapPost("/{id}/switch", SwitchAsync).ForSession(SessionOperation.Switch);
        sessions.MapPost("/{id}/pause", (string id, HttpResponse response, IGrainFactory grains, TimeProvider time) =>
            TransitionAsync(id, g => g.Pause(), grains, response, time)).ForSession(SessionOperation.Pause);
        sessions.MapPost("/{id}/resume", (string id, HttpResponse response, IGrainFactory grains, TimeProvider time) =>
            TransitionAsync(id, g => g.Resume(), grains, response, time)).ForSession(SessionOperation.Resume);
        sessions.MapPost("/{id}/complete", (string id, HttpResponse response, IGrainFactory grains, TimeProvider time) =>
            TransitionAsync(id, g => g.Complete(), grains, response, time)).ForSession(SessionOperation.Complete);
        sessions.MapDelete("/{id}", DeleteAsync).ForSession(SessionOperation.Delete);
        return app;
    }

    public static async Task<Results<Created<DataEnvelope<SyncStateDto>>, JsonHttpResult<ErrorEnvelope>>> CreateAsync(
        HttpRequest request, IGrainFactory grains, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (body, error) = await JsonBody.ReadAsync<CreateSessionRequest>(request, SyncKairosJson.Options, ct);
        if (error is not null)
        {
            return error;
        }

        // Validated here too: the session id in the body is what addresses the grain.
        var errors = SessionValidator.Validate(body!);
        if (errors.Count > 0)
        {
            return ApiErrors.From(SessionException.Validation(errors));
        }

        var reply = await grains.Session(body!.SessionId!).Create(body);
        return reply.Error is { } refused
            ? ApiErrors.From(refused, request.HttpContext.Response)
            : TypedResults.Created($"/v1/sessions/{reply.State!.SessionId}", View(reply.State, time));
    }

    public static async Task<Results<Ok<DataEnvelope<SyncStateDto>>, JsonHttpResult<ErrorEnvelope>>> GetAsync(
        string id, HttpResponse response, IGrainFactory grains, TimeProvider time) =>
        await TransitionAsync(id, g => g.Get(), grains, response, time);

    public static async Task<Results<Ok<DataEnvelope<SwitchResultDto>>, JsonHttpResult<ErrorEnvelope>>> SwitchAsync(
        string id, HttpRequest request, IGrainFactory grains, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (body, error) = await JsonBody.ReadAsync<SwitchRequest>(request, SyncKairosJson.Options, ct);
        if (error is not null)
        {
            return error;
        }

        // A bad body is refused before the id is looked at, whether or not the session exists.
        var errors = SessionValidator.Validate(body!);
        if (errors.Count > 0)
        {
            return ApiErrors.From(SessionException.Validation(errors));
        }

        if (!SessionValidator.IsUuid(id))
        {
            return ApiErrors.From(SessionException.NotFound(id));
        }

        var reply = await grains.Session(id).Switch(body!);
        if (reply.Error is { } refused)
        {
            return ApiErrors.From(refused, request.HttpContext.Response);
        }

        var result = SessionView.SwitchResult(reply.State!, reply.ExpiredParticipantId, NowMs(time));
        return TypedResults.Ok(new DataEnvelope<SwitchResultDto>(result));
    }

    public static async Task<Results<NoContent, JsonHttpResult<ErrorEnvelope>>> DeleteAsync(string id, HttpResponse response, IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(response);

        // An id that is not a UUID names no session: deleting nothing is not an error.
        if (!SessionValidator.IsUuid(id))
        {
            return TypedResults.NoContent();
        }

        var reply = await grains.Session(id).Delete();
        return reply.Error is { } refused ? ApiErrors.From(refused, response) : TypedResults.NoContent();
    }

    private static async Task<Results<Ok<DataEnvelope<SyncStateDto>>, JsonHttpResult<ErrorEnvelope>>> TransitionAsync(
        string id, Func<ISessionGrain, Task<SessionReply>> command, IGrainFactory grains, HttpResponse response, TimeProvider time)
    {
        // Ids that are not UUIDs were never created (create validates them): no grain is activated for them.
        if (!SessionValidator.IsUuid(id))
        {
            return ApiErrors.From(SessionException.NotFound(id));
        }

        var reply = await command(grains.Session(id));
        return reply.Error is { } refused ? ApiErrors.From(refused, response) : TypedResults.Ok(View(reply.State!, time));
    }

    private static DataEnvelope<SyncStateDto> View(SessionState state, TimeProvider time) => new(SessionView.At(state, NowMs(time)));

    private static long NowMs(TimeProvider time) => time.GetUtcNow().ToUnixTimeMilliseconds();
}
