namespace SyncKairos.Gateway.Tests.Audit;

/// <summary>Embedded mode's audit store: the SQLite file under the gateway's data directory.</summary>
public sealed class SqliteAuditEventsTests : AuditEventsTests
{
    protected override Task<Dictionary<string, string?>> AuditSettingsAsync() => Task.FromResult(new Dictionary<string, string?>());
}
