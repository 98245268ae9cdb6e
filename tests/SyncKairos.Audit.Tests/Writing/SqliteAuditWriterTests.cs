using SyncKairos.Audit.Tests.Infrastructure;

namespace SyncKairos.Audit.Tests.Writing;

public sealed class SqliteAuditWriterTests(RedisFixture redis) : AuditWriterTests(redis)
{
    protected override async Task<TestStore> CreateStoreAsync() => await SqliteTestStore.CreateAsync(Ct);
}
