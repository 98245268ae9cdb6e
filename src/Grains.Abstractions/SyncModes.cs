namespace SyncKairos.Grains.Abstractions;

/// <summary>The <c>sync_mode</c> values.</summary>
public static class SyncModes
{
    public const string PerParticipant = "per_participant";
    public const string PerCycle = "per_cycle";
    public const string PerGroup = "per_group";
    public const string Global = "global";
    public const string CountUp = "count_up";

    public static IReadOnlyList<string> All { get; } = [PerParticipant, PerCycle, PerGroup, Global, CountUp];
}
