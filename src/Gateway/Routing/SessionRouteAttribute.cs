using SyncKairos.Gateway.Security;

namespace SyncKairos.Gateway.Routing;

/// <summary>
/// What a route does to a session, declared where the route is mapped (<see cref="RouteConventions.ForSession"/>)
/// or, for gRPC, on the service method (endpoint mapping copies a method's attributes into its endpoint's
/// metadata). The scope check, the switch budget and the transition counter read it from the endpoint.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SessionRouteAttribute(SessionOperation operation) : Attribute
{
    public SessionOperation Operation { get; } = operation;

    /// <summary>The route value holding the session id (<c>id</c> of <c>/v1/sessions/{id}/...</c>); null when none.</summary>
    public string? SessionIdRouteValue { get; init; }

    /// <summary>The query parameter holding the session id (<c>/ws?sessionId=</c>). gRPC carries it in the message.</summary>
    public string? SessionIdQuery { get; init; }

    /// <summary>The name in <c>synckairos_session_transitions_total</c>; null for reads.</summary>
    public string? Command => Operation switch
    {
        SessionOperation.Create => "create",
        SessionOperation.Start => "start",
        SessionOperation.Switch => "switch",
        SessionOperation.Pause => "pause",
        SessionOperation.Resume => "resume",
        SessionOperation.Complete => "complete",
        SessionOperation.Delete => "delete",
        _ => null,
    };

    public string? SessionId(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (SessionIdRouteValue is not null)
        {
            return request.RouteValues[SessionIdRouteValue] as string;
        }

        return SessionIdQuery is null ? null : request.Query[SessionIdQuery].ToString();
    }
}
