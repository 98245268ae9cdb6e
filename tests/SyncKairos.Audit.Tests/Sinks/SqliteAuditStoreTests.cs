using SyncKairos.Audit.Tests.Infrastructure;

namespace SyncKairos.Audit.Tests.Sinks;

public sealed class SqliteAuditStoreTests : AuditStoreTests
{
    protected override async Task<TestStore> CreateStoreAsync() => await SqliteTestStore.CreateAsync(Ct);
}
