using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Redis.Sessions;

/// <summary>The committed state after a switch and the participant whose clock hit zero during it, if any.</summary>
public sealed record SwitchOutcome(SessionState State, string? ExpiredParticipantId);
