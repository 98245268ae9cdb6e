using System.ComponentModel.DataAnnotations;

namespace SyncKairos.Gateway.Security;

/// <summary>
/// Configuration section <c>SyncKairos:RequestLimits</c>: the request-line and header limits answered in the
/// API's error envelope. Kestrel itself is configured at <see cref="KestrelFactor"/> times these, as a
/// backstop whose own (bare) rejections only requests far over the limits ever see (ADR 0019).
/// </summary>
public sealed class RequestLimitSettings
{
    public const string Section = "SyncKairos:RequestLimits";

    /// <summary>Kestrel's hard limits are this many times ours, so that ours answer first.</summary>
    public const int KestrelFactor = 2;

    /// <summary>Longest request target (path and query string, as sent); longer is 414.</summary>
    [Range(256, 1024 * 1024)]
    public int MaxRequestTargetBytes { get; set; } = 8 * 1024;

    /// <summary>Largest total of the request header lines (names, values, separators); larger is 431.</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxHeaderBytes { get; set; } = 32 * 1024;

    /// <summary>Most request headers; more is 431.</summary>
    [Range(8, 10_000)]
    public int MaxHeaderCount { get; set; } = 100;
}
