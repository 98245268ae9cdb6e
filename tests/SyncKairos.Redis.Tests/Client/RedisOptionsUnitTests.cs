using SyncKairos.Redis.Client;

namespace SyncKairos.Redis.Tests.Client;

public class RedisOptionsUnitTests
{
    [Fact]
    public void ParsesTheCommaForm()
    {
        var options = RedisOptions.Parse("redis.internal:6380,password=s3cret,user=app,ssl=true,db=3,connectTimeout=1500,commandTimeout=250,name=gw-1,sslHost=redis.example");
        Assert.Equal("redis.internal", options.Host);
        Assert.Equal(6380, options.Port);
        Assert.Equal("s3cret", options.Password);
        Assert.Equal("app", options.User);
        Assert.True(options.Ssl);
        Assert.Equal(3, options.Database);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.ConnectTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.CommandTimeout);
        Assert.Equal("gw-1", options.ClientName);
        Assert.Equal("redis.example", options.SslHost);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void HostWithoutPortKeepsTheDefaultPort()
    {
        var options = RedisOptions.Parse("localhost");
        Assert.Equal("localhost", options.Host);
        Assert.Equal(6379, options.Port);
        Assert.False(options.Ssl);
    }

    [Theory]
    [InlineData("[::1]:7000", "::1", 7000)]
    [InlineData("::1", "::1", 6379)]
    [InlineData("127.0.0.1:1", "127.0.0.1", 1)]
    public void ParsesEndpoints(string text, string host, int port)
    {
        var options = RedisOptions.Parse(text);
        Assert.Equal(host, options.Host);
        Assert.Equal(port, options.Port);
    }

    [Fact]
    public void ParsesUrls()
    {
        var options = RedisOptions.Parse("rediss://app:p%40ss@cache.example:6390/2?commandTimeout=100");
        Assert.True(options.Ssl);
        Assert.Equal("cache.example", options.Host);
        Assert.Equal(6390, options.Port);
        Assert.Equal("app", options.User);
        Assert.Equal("p@ss", options.Password);
        Assert.Equal(2, options.Database);
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.CommandTimeout);

        var plain = RedisOptions.Parse("redis://secret@127.0.0.1");
        Assert.False(plain.Ssl);
        Assert.Null(plain.User);
        Assert.Equal("secret", plain.Password);
        Assert.Equal(6379, plain.Port);
    }

    [Theory]
    [InlineData("")]
    [InlineData("host:notaport")]
    [InlineData("host,ssl=maybe")]
    [InlineData("host,db=x")]
    [InlineData("host,bogus=1")]
    [InlineData("host,justaword")]
    public void RejectsMalformedStrings(string text) => Assert.Throws<FormatException>(() => RedisOptions.Parse(text));

    [Fact]
    public void ToStringRedactsThePassword()
    {
        var text = RedisOptions.Parse("h:1,password=hunter2,user=u").ToString();
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.Contains("password=*****", text, StringComparison.Ordinal);
        Assert.StartsWith("h:1,user=u", text, StringComparison.Ordinal);
    }

    [Fact]
    public void FormatErrorsDoNotEchoThePassword()
    {
        var error = Assert.Throws<FormatException>(() => RedisOptions.Parse("h:1,passwordhunter2"));
        Assert.DoesNotContain("hunter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateListsEveryProblem()
    {
        var options = new RedisOptions { Host = "", Port = 0, Database = -1, CommandTimeout = TimeSpan.Zero, MaxOutstandingCommands = 0, User = "u" };
        var errors = options.Validate();
        Assert.Equal(6, errors.Count);
        Assert.Throws<ArgumentException>(options.ThrowIfInvalid);
    }
}
