namespace SyncKairos.Redis.Tests.Client;

public sealed class GarnetConnectionTests(GarnetFixture fixture) : ConnectionTests(fixture), IClassFixture<GarnetFixture>;
