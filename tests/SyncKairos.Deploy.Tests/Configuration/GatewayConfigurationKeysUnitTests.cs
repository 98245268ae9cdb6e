using SyncKairos.Deploy.Tests.Infrastructure;

namespace SyncKairos.Deploy.Tests.Configuration;

public sealed class GatewayConfigurationKeysUnitTests
{
    [Theory]
    [InlineData("SyncKairos:Redis:ConnectionString")]
    [InlineData("SyncKairos:Embedded:DataDirectory")]
    [InlineData("SyncKairos:Audit:PostgresConnectionString")]
    [InlineData("SyncKairos:Audit:MigrateOnStart")]
    [InlineData("SyncKairos:Grpc:Url")]
    [InlineData("SyncKairos:WebSockets:SendQueueCapacity")]
    [InlineData("SyncKairos:Sessions:TtlSeconds")]
    [InlineData("SyncKairos:Sessions:SessionTtlSeconds")]
    [InlineData("SyncKairos:Sessions:AuditBuckets")]
    public void Discovers_the_keys_the_gateway_binds(string key) => Assert.True(GatewayConfigurationKeys.Contains(key), key);

    [Theory]
    [InlineData("SyncKairos:Redis:Connection")]
    [InlineData("SyncKairos:Audit:QueueKey")]
    [InlineData("SyncKairos:Redis:UseEmbedded")]
    public void Rejects_keys_nothing_binds(string key) => Assert.False(GatewayConfigurationKeys.Contains(key), key);

    [Fact]
    public void Environment_names_map_double_underscores_to_colons() =>
        Assert.Equal("SyncKairos:Redis:ConnectionString", GatewayConfigurationKeys.FromEnvironmentName("SyncKairos__Redis__ConnectionString"));
}
