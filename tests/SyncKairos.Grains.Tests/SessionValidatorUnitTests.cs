using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Grains.Tests;

public sealed class SessionValidatorUnitTests
{
    [Fact]
    public void A_valid_request_has_no_errors()
    {
        foreach (var mode in SyncModes.All)
        {
            Assert.Empty(SessionValidator.Validate(Requests.Create(mode)));
        }
    }

    [Fact]
    public void Missing_required_fields_are_reported_by_path()
    {
        var errors = SessionValidator.Validate(Requests.Parse("{}"));
        Assert.Equal(
            ["participants", "session_id", "sync_mode", "total_time_ms"],
            errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.All(errors, e => Assert.Equal(FieldErrorCodes.Required, e.Code));
    }

    [Theory]
    [InlineData("not-a-uuid", false)]
    [InlineData("11111111-2222-3333-4444-55555555555", false)]
    [InlineData("11111111-2222-3333-4444-5555555555555", false)]
    [InlineData("11111111x2222-3333-4444-555555555555", false)]
    [InlineData("g1111111-2222-3333-4444-555555555555", false)]
    [InlineData("11111111-2222-3333-4444-555555555555", true)]
    [InlineData("ABCDEFAB-2222-3333-4444-abcdefabcdef", true)]
    public void IsUuid_accepts_canonical_hex_in_either_case(string value, bool expected) =>
        Assert.Equal(expected, SessionValidator.IsUuid(value));

    [Theory]
    [InlineData(999, "too_small")]
    [InlineData(86_400_001, "too_big")]
    public void Participant_budget_out_of_range_is_reported_with_its_index(long total, string code)
    {
        var request = Requests.Create();
        request.Participants![1]!.TotalTimeMs = total;
        var error = Assert.Single(SessionValidator.Validate(request));
        Assert.Equal("participants.1.total_time_ms", error.Field);
        Assert.Equal(code, error.Code);
    }

    [Fact]
    public void Bounds_are_inclusive()
    {
        var request = Requests.Create();
        request.TotalTimeMs = 1000;
        request.MaxTimeMs = 86_400_000;
        request.IncrementMs = 60_000;
        request.DelayMs = 0;
        request.Participants![0]!.TotalTimeMs = 86_400_000;
        Assert.Empty(SessionValidator.Validate(request));
    }

    [Theory]
    [InlineData("increment_ms")]
    [InlineData("delay_ms")]
    public void Increment_and_delay_are_limited_to_a_minute(string field)
    {
        var request = Requests.Create();
        if (field == "increment_ms")
        {
            request.IncrementMs = 60_001;
        }
        else
        {
            request.DelayMs = -1;
        }

        Assert.Equal(field, Assert.Single(SessionValidator.Validate(request)).Field);
    }

    [Fact]
    public void Duplicate_participant_ids_are_rejected_case_insensitively()
    {
        var request = Requests.Create();
        request.Participants![1]!.ParticipantId = Requests.A.ToUpperInvariant();
        var error = Assert.Single(SessionValidator.Validate(request));
        Assert.Equal("participants.1.participant_id", error.Field);
    }

    [Fact]
    public void Participant_count_must_be_between_1_and_1000()
    {
        var request = Requests.Create();
        request.Participants!.Clear();
        Assert.Equal("participants", Assert.Single(SessionValidator.Validate(request)).Field);

        request.Participants.AddRange(Enumerable.Range(0, 1001).Select(i => new ParticipantRequest
        {
            ParticipantId = $"00000000-0000-0000-0000-{i:D12}",
            ParticipantIndex = i,
            TotalTimeMs = 1000,
        }));
        Assert.Equal(FieldErrorCodes.TooBig, Assert.Single(SessionValidator.Validate(request)).Code);
        request.Participants.RemoveAt(0);
        Assert.Empty(SessionValidator.Validate(request));
    }

    [Fact]
    public void Per_cycle_requires_time_per_cycle()
    {
        var request = Requests.Create(SyncModes.PerCycle);
        request.TimePerCycleMs = null;
        Assert.Equal("time_per_cycle_ms", Assert.Single(SessionValidator.Validate(request)).Field);
    }

    [Fact]
    public void Per_group_requires_every_group_id()
    {
        var request = Requests.Create(SyncModes.PerGroup);
        request.Participants![0]!.GroupId = null;
        Assert.Equal("participants.0.group_id", Assert.Single(SessionValidator.Validate(request)).Field);
    }

    [Fact]
    public void Enums_and_metadata_are_checked()
    {
        var request = Requests.Parse($$"""
            {"session_id":"{{Requests.SessionId}}","sync_mode":"chess","total_time_ms":60000,
             "expiry_policy":"never","metadata":[1],
             "participants":[{"participant_id":"{{Requests.A}}","participant_index":-1,"total_time_ms":60000,"group_id":"x"}]}
            """);
        Assert.Equal(
            ["expiry_policy", "metadata", "participants.0.group_id", "participants.0.participant_index", "sync_mode"],
            SessionValidator.Validate(request).Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Metadata_is_limited_to_4_KiB_serialized()
    {
        var fits = new string('x', 4096 - """{"k":""}""".Length);
        var request = Requests.Parse($$$"""{"session_id":"{{{Requests.SessionId}}}","sync_mode":"global","total_time_ms":60000,"participants":[{"participant_id":"{{{Requests.A}}}","participant_index":0,"total_time_ms":60000}],"metadata":{"k":"{{{fits}}}"}}""");
        Assert.Empty(SessionValidator.Validate(request));
        request = Requests.Parse($$$"""{"session_id":"{{{Requests.SessionId}}}","sync_mode":"global","total_time_ms":60000,"participants":[{"participant_id":"{{{Requests.A}}}","participant_index":0,"total_time_ms":60000}],"metadata":{"k":"{{{fits}}}x"}}""");
        Assert.Equal("metadata", Assert.Single(SessionValidator.Validate(request)).Field);
    }

    [Fact]
    public void Unknown_fields_are_ignored()
    {
        var request = Requests.Parse($$"""{"session_id":"{{Requests.SessionId}}","sync_mode":"global","total_time_ms":60000,"whatever":{"a":1},"participants":[{"participant_id":"{{Requests.A}}","participant_index":0,"total_time_ms":60000,"extra":true}]}""");
        Assert.Empty(SessionValidator.Validate(request));
    }

    [Fact]
    public void Switch_request_rules()
    {
        Assert.Empty(SessionValidator.Validate(new SwitchRequest()));
        Assert.Empty(SessionValidator.Validate(new SwitchRequest { RequestId = "" }));
        Assert.Empty(SessionValidator.Validate(new SwitchRequest { NextParticipantId = Requests.A, ExpectedActiveParticipantId = Requests.B, RequestId = new string('r', 64) }));
        var errors = SessionValidator.Validate(new SwitchRequest { NextParticipantId = "x", ExpectedActiveParticipantId = "y", RequestId = new string('r', 65) });
        Assert.Equal(
            ["expected_active_participant_id", "next_participant_id", "request_id"],
            errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }
}
