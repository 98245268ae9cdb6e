using System.ComponentModel.DataAnnotations;

namespace SyncKairos.Silo.Embedded;

/// <summary>Configuration section <c>SyncKairos:Embedded</c>: where the embedded Garnet keeps its files.</summary>
public sealed class EmbeddedSettings
{
    public const string Section = "SyncKairos:Embedded";

    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = "./data";

    /// <summary>Garnet's main-log memory budget (its <c>-m</c> option).</summary>
    [Required(AllowEmptyStrings = false)]
    [RegularExpression("^[0-9]+[kmgKMG]?$")]
    public string Memory { get; set; } = "256m";

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
