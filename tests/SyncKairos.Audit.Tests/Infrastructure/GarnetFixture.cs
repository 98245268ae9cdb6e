using SyncKairos.Testing;

namespace SyncKairos.Audit.Tests.Infrastructure;

/// <summary>One Garnet server for the assembly (embedded mode's Redis); each test uses its own key prefix.</summary>
public sealed class GarnetFixture() : RedisServerFixture(ServerKind.Garnet);
