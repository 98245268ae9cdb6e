namespace SyncKairos.Redis.Tests.Sessions;

public sealed class GarnetSessionStoreTests(GarnetSessionServerFixture fixture)
    : SessionStoreTests<GarnetSessionServerFixture>(fixture);
