namespace SyncKairos.Redis.Client;

/// <summary>What an error reply means for the caller: retry, reload, redirect, or give up.</summary>
public enum RedisErrorKind
{
    /// <summary>Any other error, including <c>ERR</c> and the session scripts' own prefixes.</summary>
    Generic,

    /// <summary><c>NOSCRIPT</c>: the script cache of the server lacks the SHA1; load it and retry once.</summary>
    NoScript,

    /// <summary><c>BUSY</c>: a script is running too long; transient.</summary>
    Busy,

    /// <summary><c>LOADING</c>: the server is loading its dataset; transient.</summary>
    Loading,

    /// <summary><c>READONLY</c>: a write reached a replica (failover in progress); transient.</summary>
    ReadOnly,

    /// <summary><c>MOVED</c>: cluster redirect, the slot lives elsewhere.</summary>
    Moved,

    /// <summary><c>ASK</c>: cluster redirect during slot migration.</summary>
    Ask,

    /// <summary><c>WRONGTYPE</c>: the key holds another type.</summary>
    WrongType,

    /// <summary><c>NOAUTH</c>: authentication required.</summary>
    NoAuth,

    /// <summary><c>NOPERM</c>: the ACL user may not run this.</summary>
    NoPerm,

    /// <summary><c>WRONGPASS</c>: bad user name or password.</summary>
    WrongPass,

    /// <summary><c>TRYAGAIN</c>: cluster multi-key operation during resharding; transient.</summary>
    TryAgain,

    /// <summary><c>CLUSTERDOWN</c> or <c>MASTERDOWN</c>: no usable primary right now; transient.</summary>
    ClusterDown,

    /// <summary><c>OOM</c>: the server hit maxmemory.</summary>
    OutOfMemory,

    /// <summary><c>EXECABORT</c>: a transaction was discarded.</summary>
    ExecAbort,

    /// <summary><c>NOPROTO</c>: the requested protocol version is not supported.</summary>
    NoProto,

    /// <summary><c>CROSSSLOT</c>: keys of one command hash to different slots.</summary>
    CrossSlot,
}
