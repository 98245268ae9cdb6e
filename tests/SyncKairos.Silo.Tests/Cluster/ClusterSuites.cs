namespace SyncKairos.Silo.Tests.Cluster;

public sealed class RedisSessionClusterTests(RedisClusterFixture fixture, ITestOutputHelper output)
    : SessionClusterTests<RedisClusterFixture>(fixture, output), IClassFixture<RedisClusterFixture>;

public sealed class GarnetSessionClusterTests(GarnetClusterFixture fixture, ITestOutputHelper output)
    : SessionClusterTests<GarnetClusterFixture>(fixture, output), IClassFixture<GarnetClusterFixture>;
