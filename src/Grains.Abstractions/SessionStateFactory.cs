using System.Text.Json;

namespace SyncKairos.Grains.Abstractions;

/// <summary>Builds the version-1 pending state of a validated create request.</summary>
public static class SessionStateFactory
{
    public static SessionState Create(CreateSessionRequest request, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = SessionValidator.Validate(request);
        if (errors.Count > 0)
        {
            throw SessionException.Validation(errors);
        }

        var mode = request.SyncMode!;
        var total = request.TotalTimeMs!.Value;
        var state = new SessionState
        {
            SessionId = request.SessionId!,
            SyncMode = mode,
            Status = SessionStatuses.Pending,
            Version = 1,
            TotalTimeMs = total,
            TimePerCycleMs = request.TimePerCycleMs,
            IncrementMs = request.IncrementMs ?? 0,
            DelayMs = request.DelayMs ?? 0,
            MaxTimeMs = request.MaxTimeMs,
            ExpiryPolicy = request.ExpiryPolicy ?? ExpiryPolicies.DefaultFor(mode),
            CreatedAt = nowMs,
            UpdatedAt = nowMs,
            MetadataJson = request.Metadata is { ValueKind: JsonValueKind.Object } m ? m.GetRawText() : null,
        };

        var countUpCap = request.MaxTimeMs ?? total;
        foreach (var p in request.Participants!)
        {
            state.Participants.Add(new ParticipantState
            {
                ParticipantId = p!.ParticipantId!,
                ParticipantIndex = p.ParticipantIndex!.Value,
                GroupId = p.GroupId,
                TotalTimeMs = mode switch
                {
                    SyncModes.PerCycle => request.TimePerCycleMs!.Value,
                    SyncModes.Global or SyncModes.PerGroup => total,
                    SyncModes.CountUp => countUpCap,
                    _ => p.TotalTimeMs!.Value,
                },
            });
        }

        if (mode == SyncModes.PerGroup)
        {
            state.Groups = [];
            foreach (var p in state.Participants)
            {
                if (!state.Groups.Exists(g => string.Equals(g.GroupId, p.GroupId, StringComparison.OrdinalIgnoreCase)))
                {
                    state.Groups.Add(new GroupState { GroupId = p.GroupId!, TotalTimeMs = total });
                }
            }
        }

        return state;
    }
}
