using SyncKairos.Testing;

namespace SyncKairos.Audit.Tests.Infrastructure;

/// <summary>One real redis-server for the assembly; each test uses its own key prefix.</summary>
public sealed class RedisFixture() : RedisServerFixture(ServerKind.Redis);
