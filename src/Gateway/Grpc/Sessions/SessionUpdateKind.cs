namespace SyncKairos.Gateway.Grpc.Sessions;

public enum SessionUpdateKind
{
    /// <summary>A committed change; <see cref="SessionUpdate.State"/> is the new state.</summary>
    State,

    /// <summary>The session was deleted.</summary>
    Deleted,

    /// <summary>The feed may have missed messages (its Redis link reconnected): read the state again.</summary>
    Resync,
}
