using SyncKairos.Audit.Tests.Infrastructure;

namespace SyncKairos.Audit.Tests.Writing;

/// <summary>Embedded mode as `dotnet run` starts it: Garnet holds the queue and the lease, SQLite the trail.</summary>
public sealed class GarnetSqliteAuditWriterTests(GarnetFixture garnet) : AuditWriterTests(garnet)
{
    protected override async Task<TestStore> CreateStoreAsync() => await SqliteTestStore.CreateAsync(Ct);
}
