namespace SyncKairos.Gateway.Errors;

/// <summary>Error codes that only the HTTP layer produces (the session codes live in SyncKairos.Grains.Abstractions).</summary>
public static class GatewayErrorCodes
{
    public const string ValidationError = "VALIDATION_ERROR";
    public const string NotFound = "NOT_FOUND";
    public const string ServiceUnavailable = "SERVICE_UNAVAILABLE";
    public const string InternalError = "INTERNAL_ERROR";
}
