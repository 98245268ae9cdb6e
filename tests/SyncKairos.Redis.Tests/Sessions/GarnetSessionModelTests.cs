namespace SyncKairos.Redis.Tests.Sessions;

public sealed class GarnetSessionModelTests(GarnetSessionServerFixture fixture)
    : SessionModelTests<GarnetSessionServerFixture>(fixture);
