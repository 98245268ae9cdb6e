using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using SyncKairos.Grains.Abstractions;
using SyncKairos.Grpc.V1;
using CoreCreateSessionRequest = SyncKairos.Grains.Abstractions.CreateSessionRequest;
using ProtoCreateSessionRequest = SyncKairos.Grpc.V1.CreateSessionRequest;
using ProtoGroupState = SyncKairos.Grpc.V1.GroupState;

namespace SyncKairos.Gateway.Grpc.Sessions;

/// <summary>
/// The engine's types to proto messages and back. Calculated fields (remaining times, group clocks) come
/// from <see cref="SessionView"/>, so gRPC and REST show the same numbers for the same instant.
/// </summary>
public static class SessionProtoMapper
{
    public static SyncState ToProto(SessionState state, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(state);
        var view = SessionView.At(state, nowMs);
        var proto = new SyncState
        {
            SessionId = state.SessionId,
            SyncMode = ProtoEnums.ToProtoMode(state.SyncMode),
            Status = ProtoEnums.ToProtoStatus(state.Status),
            Version = state.Version,
            TotalTimeMs = state.TotalTimeMs,
            IncrementMs = state.IncrementMs,
            CreatedAtMs = state.CreatedAt,
            UpdatedAtMs = state.UpdatedAt,
            DelayMs = state.DelayMs,
            ExpiryPolicy = ProtoEnums.ToProtoPolicy(state.ExpiryPolicy),
        };
        proto.Participants.AddRange(view.Participants.Select(ToProto));
        SetIfPresent(state.ActiveParticipantId, v => proto.ActiveParticipantId = v);
        SetIfPresent(state.TimePerCycleMs, v => proto.TimePerCycleMs = v);
        SetIfPresent(state.CycleStartedAt, v => proto.CycleStartedAtMs = v);
        SetIfPresent(state.SessionStartedAt, v => proto.SessionStartedAtMs = v);
        SetIfPresent(state.SessionCompletedAt, v => proto.SessionCompletedAtMs = v);
        SetIfPresent(state.MaxTimeMs, v => proto.MaxTimeMs = v);
        if (state.Status == SessionStatuses.Running)
        {
            SetIfPresent(state.DeadlineAt, v => proto.DeadlineAtMs = v);
        }

        if (view.Groups is { } groups)
        {
            proto.Groups.AddRange(groups.Select(g => new ProtoGroupState
            {
                GroupId = g.GroupId,
                TimeUsedMs = g.TimeUsedMs,
                TimeRemainingMs = g.TimeRemainingMs,
                HasExpired = g.HasExpired,
            }));
        }

        if (state.MetadataJson is { } metadata)
        {
            proto.Metadata = JsonParser.Default.Parse<Struct>(metadata);
        }

        return proto;
    }

    public static SwitchCycleResponse ToProto(SessionState state, string? expiredParticipantId, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(state);
        var result = SessionView.SwitchResult(state, expiredParticipantId, nowMs);
        var proto = new SwitchCycleResponse
        {
            SessionId = result.SessionId,
            Status = ProtoEnums.ToProtoStatus(result.Status),
            Version = result.Version,
        };
        proto.Participants.AddRange(result.Participants.Select(ToProto));
        SetIfPresent(result.ActiveParticipantId, v => proto.ActiveParticipantId = v);
        SetIfPresent(state.CycleStartedAt, v => proto.CycleStartedAtMs = v);
        SetIfPresent(result.ExpiredParticipantId, v => proto.ExpiredParticipantId = v);
        return proto;
    }

    /// <summary>
    /// proto3 cannot tell 0 from absent for plain fields: 0 and "" become null, so the validator answers
    /// "required" as REST does for a missing field.
    /// </summary>
    public static CoreCreateSessionRequest ToCore(ProtoCreateSessionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new CoreCreateSessionRequest
        {
            SessionId = NullIfEmpty(request.SessionId),
            SyncMode = ProtoEnums.ToCoreMode(request.SyncMode),
            Participants = request.Participants.Select(p => (ParticipantRequest?)new ParticipantRequest
            {
                ParticipantId = NullIfEmpty(p.ParticipantId),
                ParticipantIndex = p.ParticipantIndex,
                TotalTimeMs = p.TotalTimeMs == 0 ? null : p.TotalTimeMs,
                GroupId = p.HasGroupId ? p.GroupId : null,
            }).ToList(),
            TotalTimeMs = request.TotalTimeMs == 0 ? null : request.TotalTimeMs,
            TimePerCycleMs = request.HasTimePerCycleMs ? request.TimePerCycleMs : null,
            MaxTimeMs = request.HasMaxTimeMs ? request.MaxTimeMs : null,
            IncrementMs = request.HasIncrementMs ? request.IncrementMs : null,
            DelayMs = request.HasDelayMs ? request.DelayMs : null,
            ExpiryPolicy = ProtoEnums.ToCorePolicy(request.ExpiryPolicy),
            Metadata = request.Metadata is { } metadata ? ToJson(metadata) : null,
        };
    }

    public static SwitchRequest ToCore(SwitchCycleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new SwitchRequest
        {
            NextParticipantId = request.HasNextParticipantId ? request.NextParticipantId : null,
            ExpectedActiveParticipantId = request.HasExpectedActiveParticipantId ? request.ExpectedActiveParticipantId : null,
            RequestId = request.HasRequestId ? request.RequestId : null,
        };
    }

    private static Participant ToProto(ParticipantDto p)
    {
        var proto = new Participant
        {
            ParticipantId = p.ParticipantId,
            ParticipantIndex = (int)p.ParticipantIndex,
            TotalTimeMs = p.TotalTimeMs,
            TimeUsedMs = p.TimeUsedMs,
            TimeRemainingMs = p.TimeRemainingMs,
            CycleCount = (int)p.CycleCount,
            IsActive = p.IsActive,
            HasExpired = p.HasExpired,
        };
        SetIfPresent(p.GroupId, v => proto.GroupId = v);
        return proto;
    }

    /// <summary>
    /// The Struct as the JSON object REST would have received; a Value with no kind set has no JSON form, so it is
    /// a field error (the JSON rules themselves are <see cref="SessionValidator"/>'s, as for REST).
    /// </summary>
    private static JsonElement ToJson(Struct metadata)
    {
        if (FirstUnsetValue(metadata, "metadata") is { } path)
        {
            throw SessionException.Validation([new FieldError(path, "Value must have one of its kinds set", FieldErrorCodes.Required)]);
        }

        using var document = JsonDocument.Parse(JsonFormatter.Default.Format(metadata));
        return document.RootElement.Clone();
    }

    private static string? FirstUnsetValue(Struct value, string path)
    {
        foreach (var (name, field) in value.Fields)
        {
            if (FirstUnsetValue(field, $"{path}.{name}") is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static string? FirstUnsetValue(Value value, string path)
    {
        switch (value.KindCase)
        {
            case Value.KindOneofCase.None:
                return path;
            case Value.KindOneofCase.StructValue:
                return FirstUnsetValue(value.StructValue, path);
            case Value.KindOneofCase.ListValue:
                for (var i = 0; i < value.ListValue.Values.Count; i++)
                {
                    if (FirstUnsetValue(value.ListValue.Values[i], $"{path}.{i}") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static void SetIfPresent<T>(T? value, Action<T> set)
        where T : struct
    {
        if (value is { } v)
        {
            set(v);
        }
    }

    private static void SetIfPresent(string? value, Action<string> set)
    {
        if (value is not null)
        {
            set(value);
        }
    }
}
