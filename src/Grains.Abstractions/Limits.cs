namespace SyncKairos.Grains.Abstractions;

/// <summary>The numeric bounds of docs/API.md's create and switch bodies.</summary>
public static class Limits
{
    public const long MinBudgetMs = 1_000;
    public const long MaxBudgetMs = 86_400_000;
    public const long MaxIncrementMs = 60_000;
    public const long MaxDelayMs = 60_000;
    public const int MinParticipants = 1;
    public const int MaxParticipants = 1_000;
    public const int MaxMetadataBytes = 4_096;

    /// <summary>Nesting of <c>metadata</c>, the object itself counting as one (<see cref="MetadataRules"/>).</summary>
    public const int MaxMetadataDepth = 32;
    public const int MaxRequestIdLength = 64;
}
