using Google.Rpc;
using SyncKairos.Gateway.Grpc;
using SyncKairos.Gateway.Grpc.Errors;

namespace SyncKairos.Gateway.Tests.Grpc;

public sealed class GrpcErrorMappingUnitTests
{
    [Theory]
    [MemberData(nameof(ApiErrorStatuses.Mapped), MemberType = typeof(ApiErrorStatuses))]
    [InlineData("INTERNAL_ERROR", GrpcStatusCode.Internal)]
    [InlineData("SOMETHING_NEW", GrpcStatusCode.Unknown)]
    public void CodesMapAsApiMdSays(string code, GrpcStatusCode status)
    {
        var error = GrpcErrorMapping.ToException(code, "text");

        Assert.Equal(status, error.StatusCode);
        Assert.Equal(code, error.StatusMessage);
        Assert.Equal((int)status, error.Details!.Code);
        Assert.Equal("text", error.Details.Message);
        var info = Assert.Single(error.Details.Details).Unpack<ErrorInfo>();
        Assert.Equal(code, info.Reason);
        Assert.Equal(GrpcErrorMapping.Domain, info.Domain);
    }

    [Fact]
    public void FieldErrorsBecomeABadRequest()
    {
        var error = GrpcErrorMapping.ToException(
            "VALIDATION_ERROR",
            "Request validation failed",
            [new GrpcFieldViolation("session_id", "must be a UUID", "invalid_string"), new GrpcFieldViolation("sync_mode", "required")]);

        Assert.Equal(2, error.Details!.Details.Count);
        Assert.Equal("type.googleapis.com/google.rpc.BadRequest", error.Details.Details[1].TypeUrl);
        var violations = error.Details.Details[1].Unpack<BadRequest>().FieldViolations;
        Assert.Equal(["session_id", "sync_mode"], violations.Select(v => v.Field));
        Assert.Equal("invalid_string", violations[0].Reason);
        Assert.Equal("required", violations[1].Description);
    }

    [Fact]
    public void MetadataGoesIntoErrorInfo()
    {
        var error = GrpcErrorMapping.ToException(
            "RATE_LIMIT_EXCEEDED",
            "Too many requests",
            metadata: new Dictionary<string, string> { ["retry_after_seconds"] = "3" });

        Assert.Equal("3", error.Details!.Details[0].Unpack<ErrorInfo>().Metadata["retry_after_seconds"]);
    }
}
