using System.Text.Json;

namespace SyncKairos.Grains.Abstractions;

/// <summary>Every request rule of docs/API.md; returns field errors with dot paths, empty when valid.</summary>
public static class SessionValidator
{
    public static IReadOnlyList<FieldError> Validate(CreateSessionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<FieldError>();
        RequireUuid(errors, "session_id", request.SessionId);
        var mode = request.SyncMode;
        if (mode is null)
        {
            errors.Add(Missing("sync_mode"));
        }
        else if (!SyncModes.All.Contains(mode))
        {
            errors.Add(new FieldError("sync_mode", $"Must be one of: {string.Join(", ", SyncModes.All)}", FieldErrorCodes.InvalidEnum));
        }

        Range(errors, "total_time_ms", request.TotalTimeMs, Limits.MinBudgetMs, Limits.MaxBudgetMs, required: true);
        Range(errors, "time_per_cycle_ms", request.TimePerCycleMs, Limits.MinBudgetMs, Limits.MaxBudgetMs, required: mode == SyncModes.PerCycle);
        Range(errors, "max_time_ms", request.MaxTimeMs, Limits.MinBudgetMs, Limits.MaxBudgetMs, required: false);
        Range(errors, "increment_ms", request.IncrementMs, 0, Limits.MaxIncrementMs, required: false);
        Range(errors, "delay_ms", request.DelayMs, 0, Limits.MaxDelayMs, required: false);
        if (request.ExpiryPolicy is { } policy && !ExpiryPolicies.All.Contains(policy))
        {
            errors.Add(new FieldError("expiry_policy", $"Must be one of: {string.Join(", ", ExpiryPolicies.All)}", FieldErrorCodes.InvalidEnum));
        }

        ValidateParticipants(errors, request.Participants, requireGroups: mode == SyncModes.PerGroup);
        ValidateMetadata(errors, request.Metadata);
        return errors;
    }

    public static IReadOnlyList<FieldError> Validate(SwitchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<FieldError>();
        OptionalUuid(errors, "next_participant_id", request.NextParticipantId);
        OptionalUuid(errors, "expected_active_participant_id", request.ExpectedActiveParticipantId);
        // An empty request_id is accepted (as by the reference service) and means "no idempotency key".
        if (request.RequestId is { Length: > Limits.MaxRequestIdLength })
        {
            errors.Add(new FieldError("request_id", $"Must be at most {Limits.MaxRequestIdLength} characters", FieldErrorCodes.TooBig));
        }

        return errors;
    }

    /// <summary>Canonical 8-4-4-4-12 hex, either case.</summary>
    public static bool IsUuid(string value)
    {
        if (value is null || value.Length != 36)
        {
            return false;
        }

        for (var i = 0; i < 36; i++)
        {
            var c = value[i];
            if (i is 8 or 13 or 18 or 23)
            {
                if (c != '-')
                {
                    return false;
                }
            }
            else if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static void ValidateParticipants(List<FieldError> errors, List<ParticipantRequest?>? participants, bool requireGroups)
    {
        if (participants is null)
        {
            errors.Add(Missing("participants"));
            return;
        }

        if (participants.Count < Limits.MinParticipants)
        {
            errors.Add(new FieldError("participants", $"Must have at least {Limits.MinParticipants} participant", FieldErrorCodes.TooSmall));
            return;
        }

        if (participants.Count > Limits.MaxParticipants)
        {
            errors.Add(new FieldError("participants", $"Must have at most {Limits.MaxParticipants} participants", FieldErrorCodes.TooBig));
            return;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < participants.Count; i++)
        {
            var path = $"participants.{i}";
            var p = participants[i];
            if (p is null)
            {
                errors.Add(new FieldError(path, "Required", FieldErrorCodes.Required));
                continue;
            }

            if (RequireUuid(errors, $"{path}.participant_id", p.ParticipantId) && !seen.Add(p.ParticipantId!))
            {
                errors.Add(new FieldError($"{path}.participant_id", $"Duplicate participant_id {p.ParticipantId}", FieldErrorCodes.Custom));
            }

            Range(errors, $"{path}.participant_index", p.ParticipantIndex, 0, int.MaxValue, required: true);
            Range(errors, $"{path}.total_time_ms", p.TotalTimeMs, Limits.MinBudgetMs, Limits.MaxBudgetMs, required: true);
            if (p.GroupId is null && requireGroups)
            {
                errors.Add(new FieldError($"{path}.group_id", "Required in per_group mode", FieldErrorCodes.Required));
            }
            else
            {
                OptionalUuid(errors, $"{path}.group_id", p.GroupId);
            }
        }
    }

    private static void ValidateMetadata(List<FieldError> errors, JsonElement? metadata)
    {
        if (metadata is not { } m || m.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (m.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError("metadata", "Expected object", FieldErrorCodes.Required));
        }
        else if (MetadataRules.Check(m) is { } violation)
        {
            errors.Add(violation);
        }
    }

    private static bool RequireUuid(List<FieldError> errors, string field, string? value)
    {
        if (value is null)
        {
            errors.Add(Missing(field));
            return false;
        }

        return OptionalUuid(errors, field, value);
    }

    private static bool OptionalUuid(List<FieldError> errors, string field, string? value)
    {
        if (value is null || IsUuid(value))
        {
            return true;
        }

        errors.Add(new FieldError(field, "Invalid uuid", FieldErrorCodes.InvalidUuid));
        return false;
    }

    private static void Range(List<FieldError> errors, string field, long? value, long min, long max, bool required)
    {
        if (value is not { } v)
        {
            if (required)
            {
                errors.Add(Missing(field));
            }

            return;
        }

        if (v < min)
        {
            errors.Add(new FieldError(field, $"Must be at least {min}", FieldErrorCodes.TooSmall));
        }
        else if (v > max)
        {
            errors.Add(new FieldError(field, $"Must be at most {max}", FieldErrorCodes.TooBig));
        }
    }

    private static FieldError Missing(string field) => new(field, "Required", FieldErrorCodes.Required);
}
