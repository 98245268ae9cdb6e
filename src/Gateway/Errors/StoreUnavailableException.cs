namespace SyncKairos.Gateway.Errors;

/// <summary>Thrown when the gateway has no usable Redis connection; answered with 503 SERVICE_UNAVAILABLE.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
