using Microsoft.AspNetCore.Http.HttpResults;
using SyncKairos.Gateway.Errors;
using SyncKairos.Gateway.Routing;
using SyncKairos.Gateway.Security;
using SyncKairos.Grains.Abstractions;
using SyncKairos.Redis.Sessions;

namespace SyncKairos.Gateway.Sessions;

/// <summary>The <c>/v1/sessions</c> routes of docs/API.md. Each handler is one store call; the store's errors carry docs/API.md's codes.</summary>
public static class SessionsApi
{
    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/v1/sessions");
        sessions.MapPost("/", CreateAsync).ForSession(SessionOperation.Create);
        sessions.MapGet("/{id}", GetAsync).ForSession(SessionOperation.Read);
        sessions.MapPost("/{id}/start", (string id, SessionStore store, TimeProvider time, CancellationToken ct) =>
            TransitionAsync(() => store.StartAsync(id, ct), time)).ForSession(SessionOperation.Start);
        sessions.MapPost("/{id}/switch", SwitchAsync).ForSession(SessionOperation.Switch).RequireRateLimiting(RateLimitPolicies.SessionSwitch);
        sessions.MapPost("/{id}/pause", (string id, SessionStore store, TimeProvider time, CancellationToken ct) =>
            TransitionAsync(() => store.PauseAsync(id, ct), time)).ForSession(SessionOperation.Pause);
        sessions.MapPost("/{id}/resume", (string id, SessionStore store, TimeProvider time, CancellationToken ct) =>
            TransitionAsync(() => store.ResumeAsync(id, ct), time)).ForSession(SessionOperation.Resume);
        sessions.MapPost("/{id}/complete", (string id, SessionStore store, TimeProvider time, CancellationToken ct) =>
            TransitionAsync(() => store.CompleteAsync(id, ct), time)).ForSession(SessionOperation.Complete);
        sessions.MapDelete("/{id}", DeleteAsync).ForSession(SessionOperation.Delete);
        return app;
    }

    public static async Task<Results<Created<DataEnvelope<SyncStateDto>>, JsonHttpResult<ErrorEnvelope>>> CreateAsync(
        HttpRequest request, SessionStore store, TimeProvider time, CancellationToken ct)
    {
        var (body, error) = await JsonBody.ReadAsync<CreateSessionRequest>(request, SyncKairosJson.Options, ct);
        if (error is not null)
        {
            return error;
        }

        var errors = SessionValidator.Validate(body!);
        if (errors.Count > 0)
        {
            return ApiErrors.From(SessionException.Validation(errors));
        }

        try
        {
            var state = await store.CreateAsync(body!, ct);
            return TypedResults.Created($"/v1/sessions/{state.SessionId}", View(state, time));
        }
        catch (SessionException ex)
        {
            return ApiErrors.From(ex);
        }
    }

    public static async Task<Results<Ok<DataEnvelope<SyncStateDto>>, JsonHttpResult<ErrorEnvelope>>> GetAsync(
        string id, SessionStore store, TimeProvider time, CancellationToken ct)
    {
        var state = await store.GetAsync(id, ct);
        return state is null ? ApiErrors.From(SessionException.NotFound(id)) : TypedResults.Ok(View(state, time));
    }

    public static async Task<Results<Ok<DataEnvelope<SwitchResultDto>>, JsonHttpResult<ErrorEnvelope>>> SwitchAsync(
        string id, HttpRequest request, SessionStore store, TimeProvider time, CancellationToken ct)
    {
        var (body, error) = await JsonBody.ReadAsync<SwitchRequest>(request, SyncKairosJson.Options, ct);
        if (error is not null)
        {
            return error;
        }

        try
        {
            var outcome = await store.SwitchAsync(id, body!, ct);
            var result = SessionView.SwitchResult(outcome.State, outcome.ExpiredParticipantId, NowMs(time));
            return TypedResults.Ok(new DataEnvelope<SwitchResultDto>(result));
        }
        catch (SessionException ex)
        {
            return ApiErrors.From(ex);
        }
    }

    public static async Task<NoContent> DeleteAsync(string id, SessionStore store, CancellationToken ct)
    {
        await store.DeleteAsync(id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<DataEnvelope<SyncStateDto>>, JsonHttpResult<ErrorEnvelope>>> TransitionAsync(
        Func<Task<SessionState>> transition, TimeProvider time)
    {
        try
        {
            return TypedResults.Ok(View(await transition(), time));
        }
        catch (SessionException ex)
        {
            return ApiErrors.From(ex);
        }
    }

    private static DataEnvelope<SyncStateDto> View(SessionState state, TimeProvider time) => new(SessionView.At(state, NowMs(time)));

    private static long NowMs(TimeProvider time) => time.GetUtcNow().ToUnixTimeMilliseconds();
}
