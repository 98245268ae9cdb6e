using SyncKairos.Gateway.Errors;
using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Gateway.Sessions;

/// <summary>Addresses a session's grain: ids are case-insensitive, so every spelling of one id reaches one activation.</summary>
public static class SessionGrains
{
    public static ISessionGrain Session(this IGrainFactory grains, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<ISessionGrain>(sessionId.ToLowerInvariant());
    }

    /// <summary>
    /// The committed state, or null when there is no such session (an id that is not a UUID never names one, and
    /// activates no grain). Throws <see cref="StoreUnavailableException"/> when the grain cannot answer.
    /// </summary>
    public static async Task<SessionState?> FindAsync(this IGrainFactory grains, string sessionId)
    {
        if (!SessionValidator.IsUuid(sessionId))
        {
            return null;
        }

        var reply = await grains.Session(sessionId).Get();
        return reply.Error switch
        {
            null => reply.State,
            { Code: ErrorCodes.SESSION_NOT_FOUND } => null,
            { } error => throw new StoreUnavailableException(error.Message),
        };
    }
}
