namespace SyncKairos.Gateway.Grpc.Sessions;

public enum SessionUpdateKind
{
    /// <summary>A committed change; <see cref="SessionUpdate.State"/> is the new state.</summary>
    State,

    /// <summary>The session was deleted.</summary>
    Deleted,

    /// <summary>The subscription may have missed changes: <see cref="SessionUpdate.State"/> is the current state (null: gone).</summary>
    Resync,
}
