using SyncKairos.Redis.Client;

namespace SyncKairos.Redis.Tests.Client;

public class RedisServerExceptionUnitTests
{
    [Theory]
    [InlineData("NOSCRIPT No matching script. Please use EVAL.", RedisErrorKind.NoScript, false)]
    [InlineData("BUSY Redis is busy running a script.", RedisErrorKind.Busy, true)]
    [InlineData("LOADING Redis is loading the dataset in memory", RedisErrorKind.Loading, true)]
    [InlineData("READONLY You can't write against a read only replica.", RedisErrorKind.ReadOnly, true)]
    [InlineData("MOVED 3999 127.0.0.1:6381", RedisErrorKind.Moved, false)]
    [InlineData("ASK 3999 127.0.0.1:6381", RedisErrorKind.Ask, false)]
    [InlineData("WRONGTYPE Operation against a key holding the wrong kind of value", RedisErrorKind.WrongType, false)]
    [InlineData("NOAUTH Authentication required.", RedisErrorKind.NoAuth, false)]
    [InlineData("WRONGPASS invalid username-password pair or user is disabled.", RedisErrorKind.WrongPass, false)]
    [InlineData("NOPERM this user has no permissions to run the 'get' command", RedisErrorKind.NoPerm, false)]
    [InlineData("TRYAGAIN Multiple keys request during rehashing of slot", RedisErrorKind.TryAgain, true)]
    [InlineData("CLUSTERDOWN The cluster is down", RedisErrorKind.ClusterDown, true)]
    [InlineData("MASTERDOWN Link with MASTER is down", RedisErrorKind.ClusterDown, true)]
    [InlineData("ERR unknown command 'FOO'", RedisErrorKind.Generic, false)]
    [InlineData("INVALID_STATE_TRANSITION Session s-1 is completed", RedisErrorKind.Generic, false)]
    [InlineData("OOM command not allowed when used memory > 'maxmemory'.", RedisErrorKind.OutOfMemory, false)]
    public void ClassifiesByPrefix(string text, RedisErrorKind kind, bool transient)
    {
        var error = new RedisServerException(text);
        Assert.Equal(kind, error.Kind);
        Assert.Equal(transient, error.IsTransient);
        Assert.Equal(text, error.Message);
        Assert.Equal(text.Split(' ')[0], error.ErrorPrefix);
    }

    [Fact]
    public void SingleWordErrorIsItsOwnPrefix() => Assert.Equal("NOSCRIPT", new RedisServerException("NOSCRIPT").ErrorPrefix);

    [Fact]
    public void ScriptShaIsComputedLocallyInLowerHex() =>
        Assert.Equal("a94a8fe5ccb19ba61c4c0873d391e987982fbbd3", new RedisScript("test").Sha1);
}
