using Google.Rpc;
using Grpc.Core;
using SyncKairos.Gateway.Grpc.Errors;

namespace SyncKairos.Gateway.Tests.Grpc;

public sealed class GrpcErrorMappingUnitTests
{
    [Theory]
    [MemberData(nameof(ApiErrorStatuses.Mapped), MemberType = typeof(ApiErrorStatuses))]
    [InlineData("INTERNAL_ERROR", StatusCode.Internal)]
    [InlineData("SOMETHING_NEW", StatusCode.Unknown)]
    public void CodesMapAsApiMdSays(string code, StatusCode status)
    {
        var error = GrpcErrorMapping.ToException(code, "text");

        Assert.Equal(status, error.StatusCode);
        Assert.Equal(code, error.Status.Detail);
        var details = error.GetRpcStatus()!;
        Assert.Equal((int)status, details.Code);
        Assert.Equal("text", details.Message);
        var info = Assert.Single(details.Details).Unpack<ErrorInfo>();
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

        var details = error.GetRpcStatus()!;
        Assert.Equal(2, details.Details.Count);
        Assert.Equal("type.googleapis.com/google.rpc.BadRequest", details.Details[1].TypeUrl);
        var violations = details.Details[1].Unpack<BadRequest>().FieldViolations;
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

        Assert.Equal("3", error.GetRpcStatus()!.Details[0].Unpack<ErrorInfo>().Metadata["retry_after_seconds"]);
    }
}
