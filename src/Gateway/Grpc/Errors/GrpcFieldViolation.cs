namespace SyncKairos.Gateway.Grpc.Errors;

/// <summary>One invalid request field (REST's <c>details[]</c> entry <c>{field, message, code}</c>).</summary>
public sealed record GrpcFieldViolation(string Field, string Description, string? Reason = null);
