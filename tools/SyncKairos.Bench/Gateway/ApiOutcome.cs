namespace SyncKairos.Bench.Gateway;

/// <summary>The result of one REST call: success, or the error code (API code, HTTP_nnn or EXCEPTION_Type); the body when asked for.</summary>
public readonly record struct ApiOutcome(bool Ok, string? ErrorCode, byte[]? Body);
