using SyncKairos.Testing;

namespace SyncKairos.Redis.Tests.Client;

public sealed class RedisFixture() : ServerFixture(ServerKind.Redis);
