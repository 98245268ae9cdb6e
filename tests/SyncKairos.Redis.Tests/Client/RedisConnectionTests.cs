namespace SyncKairos.Redis.Tests.Client;

public sealed class RedisConnectionTests(RedisFixture fixture) : ConnectionTests(fixture), IClassFixture<RedisFixture>;
