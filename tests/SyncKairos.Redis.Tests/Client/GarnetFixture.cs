using SyncKairos.Testing;

namespace SyncKairos.Redis.Tests.Client;

public sealed class GarnetFixture() : ServerFixture(ServerKind.Garnet);
