namespace SyncKairos.Silo.Redis;

/// <summary>Configuration section <c>SyncKairos:Redis</c>. An empty connection string means: run the embedded Garnet.</summary>
public sealed class RedisConnectionSettings
{
    public const string Section = "SyncKairos:Redis";

    public string ConnectionString { get; set; } = string.Empty;

    public bool UseEmbedded => string.IsNullOrWhiteSpace(ConnectionString);
}
