using System.ComponentModel.DataAnnotations;

namespace SyncKairos.Silo;

/// <summary>Configuration section <c>SyncKairos:Silo</c>: the cluster this silo joins and the ports it listens on.</summary>
public sealed class SiloSettings
{
    public const string Section = "SyncKairos:Silo";

    [Required(AllowEmptyStrings = false)]
    public string ClusterId { get; set; } = "synckairos";

    /// <summary>Orleans' ServiceId: what the membership and directory keys in Redis are scoped by, across deployments.</summary>
    [Required(AllowEmptyStrings = false)]
    public string ServiceId { get; set; } = "synckairos";

    /// <summary>Silo-to-silo port.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 11111;

    /// <summary>The Orleans client gateway port; 0 turns the client gateway off.</summary>
    [Range(0, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The address other silos reach this one at when clustering through Redis; empty lets Orleans pick this host's
    /// address. Local (embedded) clustering always advertises 127.0.0.1.
    /// </summary>
    public string? AdvertisedAddress { get; set; }
}
