namespace SyncKairos.Redis.Tests.Sessions;

public sealed class RedisSessionStoreTests(RedisSessionServerFixture fixture)
    : SessionStoreTests<RedisSessionServerFixture>(fixture);
