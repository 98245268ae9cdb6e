namespace SyncKairos.Redis.Client;

/// <summary>
/// The server answered with an error reply. The connection is fine; only this command failed.
/// <see cref="Exception.Message"/> is the full server text, <see cref="ErrorPrefix"/> its first word.
/// </summary>
public sealed class RedisServerException : Exception
{
    public RedisServerException(string message)
        : base(message)
    {
        ErrorPrefix = PrefixOf(message);
        Kind = Classify(ErrorPrefix);
    }

    public RedisErrorKind Kind { get; }

    /// <summary>The first word of the error text, e.g. <c>NOSCRIPT</c>, <c>ERR</c> or a script's own code.</summary>
    public string ErrorPrefix { get; }

    /// <summary>True for kinds that go away by themselves (loading, busy script, failover, resharding).</summary>
    public bool IsTransient => Kind is RedisErrorKind.Busy or RedisErrorKind.Loading or RedisErrorKind.ReadOnly
        or RedisErrorKind.TryAgain or RedisErrorKind.ClusterDown;

    /// <summary>True when the handshake was refused for credentials or permissions.</summary>
    public bool IsAuthenticationFailure => Kind is RedisErrorKind.WrongPass or RedisErrorKind.NoAuth or RedisErrorKind.NoPerm;

    internal static string PrefixOf(string message)
    {
        var space = message.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? message : message[..space];
    }

    internal static RedisErrorKind Classify(string prefix) => prefix switch
    {
        "NOSCRIPT" => RedisErrorKind.NoScript,
        "BUSY" => RedisErrorKind.Busy,
        "LOADING" => RedisErrorKind.Loading,
        "READONLY" => RedisErrorKind.ReadOnly,
        "MOVED" => RedisErrorKind.Moved,
        "ASK" => RedisErrorKind.Ask,
        "WRONGTYPE" => RedisErrorKind.WrongType,
        "NOAUTH" => RedisErrorKind.NoAuth,
        "NOPERM" => RedisErrorKind.NoPerm,
        "WRONGPASS" => RedisErrorKind.WrongPass,
        "TRYAGAIN" => RedisErrorKind.TryAgain,
        "CLUSTERDOWN" or "MASTERDOWN" => RedisErrorKind.ClusterDown,
        "OOM" => RedisErrorKind.OutOfMemory,
        "EXECABORT" => RedisErrorKind.ExecAbort,
        "NOPROTO" => RedisErrorKind.NoProto,
        "CROSSSLOT" => RedisErrorKind.CrossSlot,
        _ => RedisErrorKind.Generic,
    };
}
