using SyncKairos.Audit.Tests.Infrastructure;

namespace SyncKairos.Audit.Tests.Sinks;

public sealed class PostgresAuditStoreTests(PostgresFixture postgres) : AuditStoreTests
{
    protected override async Task<TestStore> CreateStoreAsync() => await PostgresTestStore.CreateAsync(postgres, Ct);
}
