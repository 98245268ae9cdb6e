using System.Text;
using SyncKairos.Audit.Events;
using SyncKairos.Audit.Tests.Infrastructure;

namespace SyncKairos.Audit.Tests.Sinks;

public sealed class PostgresAuditStoreTests(PostgresFixture postgres) : AuditStoreTests
{
    protected override async Task<TestStore> CreateStoreAsync() => await PostgresTestStore.CreateAsync(postgres, Ct);

    [Fact]
    public async Task The_copied_state_and_metadata_are_the_entry_json()
    {
        await using var store = await PostgresTestStore.CreateAsync(postgres, Ct);
        var session = Guid.NewGuid();
        // Escapes, non-ASCII text, a big integer and nesting: the raw state bytes go to jsonb untouched.
        var state = $$"""{ "session_id" : "{{session}}", "sync_mode":"per_participant", "note":"caf\u00e9 \"quoted\" ☕ / \\", "big":12345678901234567890, "nested":{"a":[1,2.5,null,true]}, "metadata_json":"{\"table\":\"t\u00e9\",\"n\":[1,2]}" }""";
        var entry = $$"""{"session_id":"{{session}}","version":1,"event_type":"session_created","at":1763750000000,"state":{{state}}}""";
        var e = AuditEventDecoder.Decode(Encoding.UTF8.GetBytes(entry));

        Assert.Equal(2, await store.Sink.WriteBatchAsync([e, AuditEventDecoder.Decode(Encoding.UTF8.GetBytes(AuditEventJson.Create(Guid.NewGuid(), 1)))], Ct));

        await using var command = store.Database.DataSource.CreateCommand(
            "SELECT count(*) FROM sync_events WHERE event_id = @id AND state_snapshot = @state::jsonb AND metadata = @metadata::jsonb");
        command.Parameters.AddWithValue("id", $"{session}:1");
        command.Parameters.AddWithValue("state", state);
        command.Parameters.AddWithValue("metadata", """{"table":"té","n":[1,2]}""");
        Assert.Equal(1L, await command.ExecuteScalarAsync(Ct));
        Assert.Equal(2, await store.CountEventsAsync(Ct));
    }
}
