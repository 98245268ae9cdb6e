using SyncKairos.Grains.Abstractions;
using SyncKairos.Grpc.V1;

namespace SyncKairos.Gateway.Grpc.Sessions;

/// <summary>The REST string values of mode, status and expiry policy against the proto enums.</summary>
public static class ProtoEnums
{
    public static SyncMode ToProtoMode(string mode) => mode switch
    {
        SyncModes.PerParticipant => SyncMode.PerParticipant,
        SyncModes.PerCycle => SyncMode.PerCycle,
        SyncModes.PerGroup => SyncMode.PerGroup,
        SyncModes.Global => SyncMode.Global,
        SyncModes.CountUp => SyncMode.CountUp,
        _ => SyncMode.Unspecified,
    };

    /// <summary>Null for UNSPECIFIED (the validator reports "required"); an unknown number stays unknown.</summary>
    public static string? ToCoreMode(SyncMode mode) => mode switch
    {
        SyncMode.Unspecified => null,
        SyncMode.PerParticipant => SyncModes.PerParticipant,
        SyncMode.PerCycle => SyncModes.PerCycle,
        SyncMode.PerGroup => SyncModes.PerGroup,
        SyncMode.Global => SyncModes.Global,
        SyncMode.CountUp => SyncModes.CountUp,
        _ => $"sync_mode_{(int)mode}",
    };

    public static SessionStatus ToProtoStatus(string status) => status switch
    {
        SessionStatuses.Pending => SessionStatus.Pending,
        SessionStatuses.Running => SessionStatus.Running,
        SessionStatuses.Paused => SessionStatus.Paused,
        SessionStatuses.Expired => SessionStatus.Expired,
        SessionStatuses.Completed => SessionStatus.Completed,
        SessionStatuses.Cancelled => SessionStatus.Cancelled,
        _ => SessionStatus.Unspecified,
    };

    public static ExpiryPolicy ToProtoPolicy(string policy) => policy switch
    {
        ExpiryPolicies.EndSession => ExpiryPolicy.EndSession,
        ExpiryPolicies.NextParticipant => ExpiryPolicy.NextParticipant,
        _ => ExpiryPolicy.Unspecified,
    };

    /// <summary>Null for UNSPECIFIED: the mode's default applies.</summary>
    public static string? ToCorePolicy(ExpiryPolicy policy) => policy switch
    {
        ExpiryPolicy.Unspecified => null,
        ExpiryPolicy.EndSession => ExpiryPolicies.EndSession,
        ExpiryPolicy.NextParticipant => ExpiryPolicies.NextParticipant,
        _ => $"expiry_policy_{(int)policy}",
    };
}
