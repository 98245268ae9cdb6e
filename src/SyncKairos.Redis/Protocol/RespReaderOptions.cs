namespace SyncKairos.Redis.Protocol;

/// <summary>Bounds that keep a hostile or broken peer from making us allocate without limit.</summary>
public sealed record RespReaderOptions
{
    public static readonly RespReaderOptions Default = new();

    /// <summary>Largest bulk string accepted (Redis's own proto-max-bulk-len default is 512 MiB).</summary>
    public long MaxBulkLength { get; init; } = 512L * 1024 * 1024;

    /// <summary>Largest element count of one aggregate.</summary>
    public long MaxAggregateLength { get; init; } = 64L * 1024 * 1024;

    /// <summary>How deeply aggregates may nest.</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>Longest header or simple line (type byte to CRLF) we will wait for.</summary>
    public int MaxLineLength { get; init; } = 64 * 1024;
}
