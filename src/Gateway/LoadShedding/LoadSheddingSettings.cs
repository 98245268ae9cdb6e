using System.ComponentModel.DataAnnotations;

namespace SyncKairos.Gateway.LoadShedding;

/// <summary>Configuration section <c>SyncKairos:LoadShedding</c> (ADR 0020).</summary>
public sealed class LoadSheddingSettings
{
    public const string Section = "SyncKairos:LoadShedding";

    /// <summary>
    /// Session API requests one gateway works on at once; one more is answered 503 at once. 0 turns shedding off.
    /// The default keeps the wait of an accepted request well under a second at the throughput of a small
    /// instance, instead of letting a backlog run into the 2 s Redis command timeout.
    /// </summary>
    [Range(0, 1_000_000)]
    public int MaxConcurrentRequests { get; set; } = 256;
}
