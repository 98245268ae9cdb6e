using SyncKairos.Redis.Client;
using SyncKairos.Testing;

namespace SyncKairos.Redis.Tests.Client;

/// <summary>
/// TLS with a private CA. Redis only: Garnet needs a PFX and its own TLS options, and the client code under
/// test (SslStream) is the same whatever the server.
/// </summary>
public sealed class TlsTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "synckairos-tests", $"tls-{Guid.NewGuid():N}");
    private TestCertificates? _certificates;
    private RedisServerProcess? _server;
    private int _tlsPort;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _certificates = TestCertificates.Create(_directory);
        _tlsPort = FreePort.Next();
        _server = await RedisServerProcess.StartAsync(
            ServerKind.Redis,
            "--tls-port", _tlsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tls-cert-file", _certificates.CertFile,
            "--tls-key-file", _certificates.KeyFile,
            "--tls-ca-cert-file", _certificates.CaFile,
            "--tls-auth-clients", "no");
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    private RedisOptions Tls(string? caFile, string sslHost) => new()
    {
        Host = "127.0.0.1",
        Port = _tlsPort,
        Ssl = true,
        SslHost = sslHost,
        SslCaFile = caFile,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public async Task ConnectsThroughTlsWithAPrivateCa()
    {
        await using var redis = await RedisConnection.ConnectAsync(Tls(_certificates!.CaFile, "localhost"), cancellationToken: Ct);
        var key = $"t:{Guid.NewGuid():N}";
        await redis.ExecuteAsync("SET", [key, "over tls"], Ct);
        Assert.Equal("over tls", (await redis.ExecuteAsync("GET", [key], Ct)).AsString());
    }

    [Fact]
    public async Task UntrustedCertificateIsRefusedByDefault()
    {
        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisConnection.ConnectAsync(Tls(null, "localhost"), cancellationToken: Ct));
        Assert.Contains("127.0.0.1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CertificateForAnotherNameIsRefused() =>
        await Assert.ThrowsAsync<RedisConnectionException>(() => RedisConnection.ConnectAsync(Tls(_certificates!.CaFile, "redis.example.org"), cancellationToken: Ct));
}
