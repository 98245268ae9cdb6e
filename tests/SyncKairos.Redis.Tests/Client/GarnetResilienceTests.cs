using SyncKairos.Testing;

namespace SyncKairos.Redis.Tests.Client;

public sealed class GarnetResilienceTests() : ResilienceTests(ServerKind.Garnet);
