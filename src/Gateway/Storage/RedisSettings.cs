namespace SyncKairos.Gateway.Storage;

/// <summary>Configuration section <c>SyncKairos:Redis</c>. An empty connection string means: run the embedded Garnet.</summary>
public sealed class RedisSettings
{
    public const string Section = "SyncKairos:Redis";

    public string ConnectionString { get; set; } = string.Empty;

    public bool UseEmbedded => string.IsNullOrWhiteSpace(ConnectionString);
}
