namespace SyncKairos.Redis.Tests.Sessions;

public sealed class RedisSessionModelTests(RedisSessionServerFixture fixture)
    : SessionModelTests<RedisSessionServerFixture>(fixture);
