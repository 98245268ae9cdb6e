using Grpc.Core;
using StackExchange.Redis;
using SyncKairos.Gateway.Grpc.Sessions;
using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Gateway.Tests.Grpc.Sessions;

public sealed class SessionErrorMapperUnitTests
{
    [Fact]
    public void SessionExceptionsKeepCodeMessageAndFields()
    {
        var error = SessionErrorMapper.Map(SessionException.Validation([new FieldError("participants.0.participant_id", "Must be a UUID", "invalid_string")]));

        Assert.Equal(StatusCode.InvalidArgument, error!.StatusCode);
        Assert.Equal("VALIDATION_ERROR", error.Status.Detail);
        var details = error.GetRpcStatus()!;
        Assert.Equal("Request validation failed", details.Message);
        var violation = Assert.Single(details.Details[1].Unpack<Google.Rpc.BadRequest>().FieldViolations);
        Assert.Equal(("participants.0.participant_id", "Must be a UUID", "invalid_string"), (violation.Field, violation.Description, violation.Reason));
    }

    [Fact]
    public void RedisOutagesAreUnavailable()
    {
        Assert.Equal(StatusCode.Unavailable, SessionErrorMapper.Map(new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, "down", null, CommandStatus.WaitingToBeSent))!.StatusCode);
        Assert.Equal(StatusCode.Unavailable, SessionErrorMapper.Map(new RedisTimeoutException(CommandFlags.None, "slow", CommandStatus.Sent))!.StatusCode);
        Assert.Equal(StatusCode.Unavailable, SessionErrorMapper.Map(new RedisServerException(RedisErrorKind.Loading, CommandFlags.None, "LOADING Redis is loading the dataset in memory"))!.StatusCode);
        Assert.Equal("SERVICE_UNAVAILABLE", SessionErrorMapper.Map(new RedisConnectionException(ConnectionFailureType.SocketFailure, CommandFlags.None, "down", null, CommandStatus.Sent))!.Status.Detail);
    }

    // An error reply that is not about availability is a bug of ours (a key of the wrong type, a broken script).
    [Fact]
    public void OtherRedisErrorRepliesAreBugs() =>
        Assert.Null(SessionErrorMapper.Map(new RedisServerException(RedisErrorKind.WrongType, CommandFlags.None, "WRONGTYPE Operation against a key holding the wrong kind of value")));

    [Fact]
    public void BugsAreLeftToGrpcDotnet() => Assert.Null(SessionErrorMapper.Map(new InvalidOperationException("bug")));
}
