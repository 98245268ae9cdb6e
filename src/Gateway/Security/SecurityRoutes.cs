namespace SyncKairos.Gateway.Security;

/// <summary>Maps an HTTP request (REST or WebSocket upgrade) to its <see cref="SessionOperation"/> and session.</summary>
public static class SecurityRoutes
{
    public static (SessionOperation Operation, string? SessionId) Classify(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.Path.Value ?? "";
        if (IsPublic(path))
        {
            return (SessionOperation.Public, null);
        }

        if (path.Equals("/ws", StringComparison.OrdinalIgnoreCase))
        {
            return (SessionOperation.Read, request.Query["sessionId"].ToString());
        }

        var s = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (s.Length < 2 || !Is(s[0], "v1") || !Is(s[1], "sessions"))
        {
            return (SessionOperation.Authenticated, null);
        }

        var method = request.Method;
        if (s.Length == 2)
        {
            return HttpMethods.IsPost(method) ? (SessionOperation.Create, null) : (SessionOperation.Authenticated, null);
        }

        var id = Uri.UnescapeDataString(s[2]);
        if (s.Length == 3)
        {
            return HttpMethods.IsDelete(method) ? (SessionOperation.Delete, id)
                : HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? (SessionOperation.Read, id)
                : (SessionOperation.Authenticated, id);
        }

        if (s.Length == 4 && HttpMethods.IsGet(method) && Is(s[3], "events"))
        {
            return (SessionOperation.Read, id);
        }

        if (s.Length == 4 && HttpMethods.IsPost(method))
        {
            var operation = s[3].ToLowerInvariant() switch
            {
                "start" => SessionOperation.Start,
                "switch" => SessionOperation.Switch,
                "pause" => SessionOperation.Pause,
                "resume" => SessionOperation.Resume,
                "complete" => SessionOperation.Complete,
                _ => SessionOperation.Authenticated,
            };
            return (operation, id);
        }

        return (SessionOperation.Authenticated, id);
    }

    /// <summary>gRPC methods (<c>/synckairos.v1.SyncKairos/X</c>); the session id comes from the message later.</summary>
    public static SessionOperation ClassifyGrpc(string method)
    {
        ArgumentNullException.ThrowIfNull(method);
        return method[(method.LastIndexOf('/') + 1)..] switch
        {
            "CreateSession" => SessionOperation.Create,
            "StartSession" => SessionOperation.Start,
            "SwitchCycle" => SessionOperation.Switch,
            "PauseSession" => SessionOperation.Pause,
            "ResumeSession" => SessionOperation.Resume,
            "CompleteSession" => SessionOperation.Complete,
            "DeleteSession" => SessionOperation.Delete,
            "GetSession" or "WatchSession" => SessionOperation.Read,
            "GetServerTime" => SessionOperation.Public,
            _ => SessionOperation.Authenticated,
        };
    }

    // Operational figures (/metrics, its JSON twin, /v1/cluster) are exempt like /metrics in docs/API.md: the ops
    // dashboard polls them every second. The static pages (/dashboard/, /demo/) carry no data of their own.
    private static bool IsPublic(string path) =>
        Is(path, "/health") || Is(path, "/ready") || Is(path, "/metrics") || Is(path, "/metrics.json")
        || Is(path, "/v1/time") || Is(path, "/v1/cluster")
        || path.StartsWith("/api-docs", StringComparison.OrdinalIgnoreCase)
        || path.StartsWith("/dashboard", StringComparison.OrdinalIgnoreCase)
        || path.StartsWith("/demo", StringComparison.OrdinalIgnoreCase);

    private static bool Is(string a, string b) => a.Equals(b, StringComparison.OrdinalIgnoreCase);
}
