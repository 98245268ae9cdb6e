using System.Text;
using SyncKairos.Audit.Events;
using SyncKairos.Audit.Tests.Infrastructure;

namespace SyncKairos.Audit.Tests.Events;

public sealed class AuditEventDecoderUnitTests
{
    private static AuditEvent Decode(string json) => AuditEventDecoder.Decode(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Maps_event_fields_to_row_columns()
    {
        var session = Guid.NewGuid();
        var e = Decode(AuditEventJson.Create(session, 3, metadataJson: """{"table":7}"""));

        Assert.Equal($"{session}:3", e.EventId);
        Assert.Equal(session, e.SessionId);
        Assert.Equal(3, e.Version);
        Assert.Equal("cycle_switched", e.EventType);
        Assert.Equal(AuditEventJson.BaseTimeMs + 3000, e.OccurredAtMs);
        // Version 3 of a two-player session: participant index 1 is active, charged 300 ms so far.
        Assert.Equal(AuditEventJson.ParticipantOf(session, 1), e.ParticipantId);
        Assert.Equal(300_000 - 300, e.TimeRemainingMs);
        Assert.Equal(300, e.TimeElapsedMs);
        Assert.Equal(2, e.CycleNumber);
        Assert.Equal("""{"table":7}""", e.MetadataJson);
        Assert.Contains("\"some_future_field\"", e.StateJson, StringComparison.Ordinal);

        var s = Assert.IsType<AuditSessionSnapshot>(e.Session);
        Assert.Equal("per_participant", s.SyncMode);
        Assert.Equal("running", s.Status);
        Assert.Equal(3, s.LastVersion);
        Assert.Equal(2, s.TotalParticipants);
        Assert.Equal(AuditEventJson.BaseTimeMs, s.CreatedAtMs);
        Assert.Equal(AuditEventJson.BaseTimeMs + 1000, s.StartedAtMs);
        Assert.Null(s.CompletedAtMs);
    }

    [Fact]
    public void Actor_wins_over_active_participant()
    {
        var session = Guid.NewGuid();
        var actor = AuditEventJson.ParticipantOf(session, 0);
        var e = Decode(AuditEventJson.Create(session, 3, actor: actor.ToString()));

        Assert.Equal(actor, e.ParticipantId);
        Assert.Equal(300_000 - 300, e.TimeRemainingMs);
    }

    [Fact]
    public void Accepts_integers_as_strings_and_a_minimal_state()
    {
        var session = Guid.NewGuid();
        var e = Decode($$"""{"session_id":"{{session}}","version":"12","event_type":"session_deleted","at":"1763750000123","state":{},"x":[1]}""");

        Assert.Equal($"{session}:12", e.EventId);
        Assert.Equal(12, e.Version);
        Assert.Equal(1_763_750_000_123, e.OccurredAtMs);
        Assert.Null(e.ParticipantId);
        Assert.Null(e.Session);
        Assert.Equal("{}", e.StateJson);
    }

    [Fact]
    public void The_state_is_the_exact_bytes_of_the_entry()
    {
        var session = Guid.NewGuid();
        var state = $$"""{ "sync_mode" : "per_participant",  "note":"caf\u00e9 ☕ \"q\"", "participants":[ {"participant_id":"{{session}}","cycle_count":"4"}, 7 ] }""";
        var json = Encoding.UTF8.GetBytes($$"""{"state": {{state}} ,"session_id":"{{session}}","version":2,"event_type":"x","at":5,"actor":"{{session}}"}""");

        var e = AuditEventDecoder.Decode(json);

        Assert.Equal(Encoding.UTF8.GetBytes(state), e.StateUtf8.ToArray());
        Assert.Equal(state, e.StateJson);
        Assert.Equal(4, e.CycleNumber);
        Assert.Equal(session, e.ParticipantId);
        Assert.Equal(2, e.Session!.TotalParticipants);
        Assert.Equal(5, e.Session.CreatedAtMs);
    }

    [Fact]
    public void A_bad_field_is_refused_only_where_the_row_uses_it()
    {
        var session = Guid.NewGuid();
        var other = Guid.NewGuid();
        string Entry(string participantFields) =>
            $$$"""{"session_id":"{{{session}}}","version":1,"event_type":"x","at":1,"actor":"{{{session}}}","state":{"participants":[{"participant_id":"{{{session}}}","total_time_ms":9},{"participant_id":"{{{other}}}",{{{participantFields}}}}]}}""";

        Assert.Equal(9, Decode(Entry("\"total_time_ms\":true")).TimeRemainingMs);
        Assert.Throws<AuditEventFormatException>(() => Decode(Entry("\"cycle_count\":{}")));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"version":1,"event_type":"x","at":1,"state":{}}""")]
    [InlineData("""{"session_id":"nope","version":1,"event_type":"x","at":1,"state":{}}""")]
    [InlineData("""{"session_id":"6f9619ff-8b86-d011-b42d-00c04fc964ff","version":1.5e300,"event_type":"x","at":1,"state":{}}""")]
    [InlineData("""{"session_id":"6f9619ff-8b86-d011-b42d-00c04fc964ff","version":1,"event_type":"x","at":1}""")]
    [InlineData("""{"session_id":"6f9619ff-8b86-d011-b42d-00c04fc964ff","version":1,"event_type":"x","at":1,"state":{}} {}""")]
    [InlineData("""{"session_id":"6f9619ff-8b86-d011-b42d-00c04fc964ff","version":1,"event_type":"x","at":1,"state":{"a":}}""")]
    [InlineData("""{"session_id":"6f9619ff-8b86-d011-b42d-00c04fc964ff","version":true,"event_type":"x","at":1,"state":{}}""")]
    public void Refuses_entries_it_cannot_store(string json)
    {
        Assert.Throws<AuditEventFormatException>(() => Decode(json));
    }
}
