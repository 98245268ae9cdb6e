using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using SyncKairos.Audit.Reading;
using SyncKairos.Gateway.Errors;
using SyncKairos.Gateway.Routing;
using SyncKairos.Gateway.Security;
using SyncKairos.Gateway.Sessions;
using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Gateway.Audit;

/// <summary><c>GET /v1/sessions/{id}/events?after_version=N&amp;limit=M</c>: the audit history, oldest first.</summary>
public static class EventsApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/sessions/{id}/events", GetEventsAsync).ForSession(SessionOperation.Read);
        return app;
    }

    public static async Task<Results<Ok<DataEnvelope<EventDto[]>>, JsonHttpResult<ErrorEnvelope>>> GetEventsAsync(
        string id, HttpRequest request, IAuditEventReader reader, IGrainFactory grains, CancellationToken ct)
    {
        if (!SessionValidator.IsUuid(id))
        {
            return ApiErrors.Validation("id", "must be a UUID", FieldErrorCodes.InvalidUuid);
        }

        if (!TryReadInt(request, "after_version", 0, 0, long.MaxValue, out var afterVersion))
        {
            return ApiErrors.Validation("after_version", "must be an integer >= 0", FieldErrorCodes.Custom);
        }

        if (!TryReadInt(request, "limit", DefaultLimit, 1, MaxLimit, out var limit))
        {
            return ApiErrors.Validation("limit", $"must be an integer from 1 to {MaxLimit}", FieldErrorCodes.Custom);
        }

        var events = await reader.GetEventsAsync(id, afterVersion, (int)limit, ct);

        // History outlives a deleted session; an id that never had a session (nor any event) is unknown.
        if (events.Count == 0 && afterVersion == 0 && await grains.FindAsync(id) is null)
        {
            return ApiErrors.From(SessionException.NotFound(id));
        }

        return TypedResults.Ok(new DataEnvelope<EventDto[]>(events.Select(EventDto.From).ToArray()));
    }

    private static bool TryReadInt(HttpRequest request, string name, long fallback, long min, long max, out long value)
    {
        value = fallback;
        var raw = request.Query[name];
        if (raw.Count == 0)
        {
            return true;
        }

        return raw.Count == 1
            && long.TryParse(raw[0], NumberStyles.None, CultureInfo.InvariantCulture, out value)
            && value >= min && value <= max;
    }
}
