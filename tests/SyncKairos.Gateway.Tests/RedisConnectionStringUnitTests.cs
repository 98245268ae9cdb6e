using System.Net;
using StackExchange.Redis;
using SyncKairos.Silo.Redis;

namespace SyncKairos.Gateway.Tests;

/// <summary>The connection-string forms the README documents, and start-up errors that name the bad part.</summary>
public sealed class RedisConnectionStringUnitTests
{
    [Fact]
    public void UrlsCarryUserPasswordPortAndDatabase()
    {
        var options = RedisConnectionString.ToConfigurationOptions("redis://alice:s%40cret@cache.internal:6380/2");

        Assert.Equal(("alice", "s@cret", 2, false), (options.User, options.Password, options.DefaultDatabase, options.Ssl));
        Assert.Equal(new DnsEndPoint("cache.internal", 6380), Assert.Single(options.EndPoints));
        Assert.True(RedisConnectionString.ToConfigurationOptions("rediss://cache.internal").Ssl);
    }

    [Fact]
    public void KeyValueFormMapsEveryDocumentedKey()
    {
        var options = RedisConnectionString.ToConfigurationOptions(
            "10.0.0.5:6390,password=pw,user=bob,ssl=true,sslHost=cache,db=3,connectTimeout=700,commandTimeout=900,name=gw1,protocol=3");

        Assert.Equal(("pw", "bob", true, "cache", 3), (options.Password, options.User, options.Ssl, options.SslHost, options.DefaultDatabase));
        Assert.Equal((700, 900, 900, "gw1", RedisProtocol.Resp3), (options.ConnectTimeout, options.AsyncTimeout, options.SyncTimeout, options.ClientName, options.Protocol));
        Assert.Equal(BacklogPolicy.FailFast, options.BacklogPolicy);
        Assert.False(options.AbortOnConnectFail);
    }

    [Theory]
    [InlineData("127.0.0.1:notaport", "port=notaport")]
    [InlineData("127.0.0.1:6379,db=first", "db=first")]
    [InlineData("127.0.0.1:6379,ssl=maybe", "ssl=maybe")]
    [InlineData("127.0.0.1:6379,bogus=1", "'bogus'")]
    [InlineData("127.0.0.1:6379,maxOutstanding=100", "'maxOutstanding'")]
    [InlineData("127.0.0.1:6379,protocol=4", "protocol=4")]
    [InlineData("redis://:nope:notaport", "':nope:notaport'")]
    public void BadPartsAreNamed(string connectionString, string named)
    {
        var error = Assert.Throws<FormatException>(() => RedisConnectionString.ToConfigurationOptions(connectionString));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("redis://alice:s3cret@cache:bad")]
    [InlineData("127.0.0.1:6379,password:s3cret")]
    public void ErrorsDoNotPrintThePassword(string connectionString)
    {
        var error = Assert.Throws<FormatException>(() => RedisConnectionString.ToConfigurationOptions(connectionString));
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionString is invalid", RedisConnectionString.Invalid(error), StringComparison.Ordinal);
    }
}
