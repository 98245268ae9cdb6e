using SyncKairos.Testing;

namespace SyncKairos.Redis.Tests.Sessions;

public sealed class RedisSessionServerFixture : SessionServerFixture
{
    public override ServerKind Kind => ServerKind.Redis;
}
