using SyncKairos.Audit.Tests.Infrastructure;

namespace SyncKairos.Audit.Tests.Writing;

public sealed class PostgresAuditWriterTests(RedisFixture redis, PostgresFixture postgres) : AuditWriterTests(redis)
{
    protected override async Task<TestStore> CreateStoreAsync() => await PostgresTestStore.CreateAsync(postgres, Ct);
}
