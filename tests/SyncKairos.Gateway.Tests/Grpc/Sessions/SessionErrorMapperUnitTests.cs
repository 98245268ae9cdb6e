using SyncKairos.Gateway.Grpc;
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

        Assert.Equal(GrpcStatusCode.InvalidArgument, error!.StatusCode);
        Assert.Equal("VALIDATION_ERROR", error.StatusMessage);
        Assert.Equal("Request validation failed", error.Details!.Message);
        var violation = Assert.Single(error.Details.Details[1].Unpack<Google.Rpc.BadRequest>().FieldViolations);
        Assert.Equal(("participants.0.participant_id", "Must be a UUID", "invalid_string"), (violation.Field, violation.Description, violation.Reason));
    }

    [Fact]
    public void RedisOutagesAreUnavailable()
    {
        Assert.Equal(GrpcStatusCode.Unavailable, SessionErrorMapper.Map(new RedisConnectionException("down"))!.StatusCode);
        Assert.Equal(GrpcStatusCode.Unavailable, SessionErrorMapper.Map(new RedisTimeoutException("slow", mayHaveExecuted: false))!.StatusCode);
        Assert.Equal(GrpcStatusCode.Unavailable, SessionErrorMapper.Map(new RedisServerException("LOADING Redis is loading the dataset in memory"))!.StatusCode);
        Assert.Equal("SERVICE_UNAVAILABLE", SessionErrorMapper.Map(new RedisConnectionException("down"))!.StatusMessage);
    }

    [Fact]
    public void BugsAreLeftToTheLayer() => Assert.Null(SessionErrorMapper.Map(new InvalidOperationException("bug")));
}
