using Grpc.Core;
using SyncKairos.Gateway.Grpc.Sessions;
using SyncKairos.Grains.Abstractions;
using SyncKairos.Redis.Client;

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
        Assert.Equal(StatusCode.Unavailable, SessionErrorMapper.Map(new RedisConnectionException("down"))!.StatusCode);
        Assert.Equal(StatusCode.Unavailable, SessionErrorMapper.Map(new RedisTimeoutException("slow", mayHaveExecuted: false))!.StatusCode);
        Assert.Equal(StatusCode.Unavailable, SessionErrorMapper.Map(new RedisServerException("LOADING Redis is loading the dataset in memory"))!.StatusCode);
        Assert.Equal("SERVICE_UNAVAILABLE", SessionErrorMapper.Map(new RedisConnectionException("down"))!.Status.Detail);
    }

    [Fact]
    public void BugsAreLeftToGrpcDotnet() => Assert.Null(SessionErrorMapper.Map(new InvalidOperationException("bug")));
}
