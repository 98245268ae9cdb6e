namespace SyncKairos.Gateway.Grpc;

/// <summary>Configuration section <c>SyncKairos:Grpc</c>.</summary>
public sealed class GrpcEndpointOptions
{
    public const string SectionName = "SyncKairos:Grpc";

    /// <summary>The h2c endpoint, e.g. <c>http://0.0.0.0:50051</c>; null serves gRPC on the TLS endpoint only.</summary>
    public string? Url { get; set; }

    /// <summary>
    /// Also listen where the host would have without a code-declared endpoint (<c>urls</c>, <c>http_ports</c>,
    /// default http://localhost:5000), since Kestrel drops those once <see cref="Url"/> is declared.
    /// </summary>
    public bool KeepHostUrls { get; set; } = true;

    /// <summary>Idle time after which the server pings an HTTP/2 connection, so long watches survive idle proxies.</summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a ping may go unanswered before the connection is closed.</summary>
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
