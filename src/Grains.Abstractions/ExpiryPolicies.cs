namespace SyncKairos.Grains.Abstractions;

/// <summary>The <c>expiry_policy</c> values and each mode's default.</summary>
public static class ExpiryPolicies
{
    public const string EndSession = "end_session";
    public const string NextParticipant = "next_participant";

    public static IReadOnlyList<string> All { get; } = [EndSession, NextParticipant];

    public static string DefaultFor(string syncMode) =>
        syncMode == SyncModes.PerCycle ? NextParticipant : EndSession;
}
