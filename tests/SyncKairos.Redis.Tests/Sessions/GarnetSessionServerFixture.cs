using SyncKairos.Testing;

namespace SyncKairos.Redis.Tests.Sessions;

public sealed class GarnetSessionServerFixture : SessionServerFixture
{
    public override ServerKind Kind => ServerKind.Garnet;
}
