using Google.Protobuf.WellKnownTypes;
using SyncKairos.Gateway.Grpc.Sessions;
using SyncKairos.Grains.Abstractions;
using SyncKairos.Grpc.V1;
using ProtoCreateSessionRequest = SyncKairos.Grpc.V1.CreateSessionRequest;

namespace SyncKairos.Gateway.Tests.Grpc.Sessions;

public sealed class SessionProtoMapperUnitTests
{
    private const long T0 = 1_763_761_450_000;

    private static SessionState Running(string mode = SyncModes.PerGroup) => new()
    {
        SessionId = "3f2b8c4e-0000-4000-8000-000000000001",
        SyncMode = mode,
        Status = SessionStatuses.Running,
        Version = 4,
        TotalTimeMs = 60_000,
        IncrementMs = 1_000,
        DelayMs = 500,
        ExpiryPolicy = ExpiryPolicies.EndSession,
        CreatedAt = T0,
        UpdatedAt = T0 + 1_000,
        CycleStartedAt = T0 + 1_000,
        SessionStartedAt = T0,
        DeadlineAt = T0 + 61_500,
        ActiveParticipantId = "a",
        Participants =
        [
            new ParticipantState { ParticipantId = "a", ParticipantIndex = 0, TotalTimeMs = 60_000, GroupId = "g1" },
            new ParticipantState { ParticipantId = "b", ParticipantIndex = 1, TotalTimeMs = 60_000, GroupId = "g2" },
        ],
        Groups = [new SyncKairos.Grains.Abstractions.GroupState { GroupId = "g1", TotalTimeMs = 60_000 }, new SyncKairos.Grains.Abstractions.GroupState { GroupId = "g2", TotalTimeMs = 60_000 }],
        MetadataJson = """{"table":"t1","round":3}""",
    };

    [Fact]
    public void RunningStateIsCalculatedAtTheGivenInstant()
    {
        var proto = SessionProtoMapper.ToProto(Running(), T0 + 11_500);

        Assert.Equal(SyncMode.PerGroup, proto.SyncMode);
        Assert.Equal(SessionStatus.Running, proto.Status);
        Assert.Equal(T0 + 1_000, proto.CycleStartedAtMs);
        Assert.Equal(T0 + 61_500, proto.DeadlineAtMs);
        Assert.False(proto.HasMaxTimeMs);
        Assert.False(proto.HasSessionCompletedAtMs);
        Assert.False(proto.HasTimePerCycleMs);

        // 10.5 s since the cycle started, less the 0.5 s delay: 10 s charged to the active participant and group.
        Assert.Equal(50_000, proto.Participants[0].TimeRemainingMs);
        Assert.True(proto.Participants[0].IsActive);
        Assert.Equal(60_000, proto.Participants[1].TimeRemainingMs);
        Assert.Equal("g1", proto.Participants[0].GroupId);
        Assert.Equal([50_000L, 60_000L], proto.Groups.Select(g => g.TimeRemainingMs));
        Assert.Equal("t1", proto.Metadata.Fields["table"].StringValue);
        Assert.Equal(3, proto.Metadata.Fields["round"].NumberValue);
    }

    [Fact]
    public void UnsetFieldsStayAbsent()
    {
        var state = Running(SyncModes.PerParticipant);
        state.Status = SessionStatuses.Paused;
        state.CycleStartedAt = null;
        state.ActiveParticipantId = null;
        state.Groups = null;
        state.MetadataJson = null;
        state.Participants.ForEach(p => p.GroupId = null);

        var proto = SessionProtoMapper.ToProto(state, T0 + 5_000);

        Assert.False(proto.HasCycleStartedAtMs);
        Assert.False(proto.HasActiveParticipantId);
        Assert.False(proto.HasDeadlineAtMs);
        Assert.Empty(proto.Groups);
        Assert.Null(proto.Metadata);
        Assert.False(proto.Participants[0].HasGroupId);
    }

    [Fact]
    public void CreateRequestMapsZeroAndEmptyToMissing()
    {
        var request = new ProtoCreateSessionRequest
        {
            SyncMode = SyncMode.Unspecified,
            Participants = { new ParticipantInput { ParticipantId = "p", ParticipantIndex = 0 } },
            DelayMs = 0,
            Metadata = new Struct { Fields = { ["k"] = Value.ForBool(true) } },
        };

        var core = SessionProtoMapper.ToCore(request);

        Assert.Null(core.SessionId);
        Assert.Null(core.SyncMode);
        Assert.Null(core.TotalTimeMs);
        Assert.Null(core.Participants![0]!.TotalTimeMs);
        Assert.Null(core.TimePerCycleMs);
        Assert.Equal(0, core.DelayMs);
        Assert.Null(core.ExpiryPolicy);
        Assert.True(core.Metadata!.Value.GetProperty("k").GetBoolean());
        var errors = SessionValidator.Validate(core).Select(e => e.Field).ToList();
        Assert.Contains("session_id", errors);
        Assert.Contains("sync_mode", errors);
        Assert.Contains("participants.0.total_time_ms", errors);
    }

    [Theory]
    [InlineData(SyncMode.PerParticipant, SyncModes.PerParticipant)]
    [InlineData(SyncMode.PerCycle, SyncModes.PerCycle)]
    [InlineData(SyncMode.PerGroup, SyncModes.PerGroup)]
    [InlineData(SyncMode.Global, SyncModes.Global)]
    [InlineData(SyncMode.CountUp, SyncModes.CountUp)]
    public void ModesRoundTrip(SyncMode proto, string core)
    {
        Assert.Equal(core, ProtoEnums.ToCoreMode(proto));
        Assert.Equal(proto, ProtoEnums.ToProtoMode(core));
    }

    [Fact]
    public void UnknownEnumNumbersAreRefusedByTheValidator()
    {
        var request = new ProtoCreateSessionRequest { SyncMode = (SyncMode)42, ExpiryPolicy = (ExpiryPolicy)9 };

        var errors = SessionValidator.Validate(SessionProtoMapper.ToCore(request)).Select(e => e.Field).ToList();

        Assert.Contains("sync_mode", errors);
        Assert.Contains("expiry_policy", errors);
    }
}
