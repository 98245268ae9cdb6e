using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;

namespace SyncKairos.Gateway.Grpc;

public static class GrpcHostingExtensions
{
    private const string DefaultUrl = "http://localhost:5000";

    /// <summary>
    /// Reads <see cref="GrpcEndpointOptions"/> from <c>SyncKairos:Grpc</c>, sets the HTTP/2 keep-alive pings
    /// and, when a URL is set, listens there with HTTP/2 only (h2c needs prior knowledge, which a shared
    /// HTTP/1.1 endpoint cannot offer). Kestrel ignores <c>urls</c> (ASPNETCORE_URLS, --urls) and
    /// <c>http_ports</c> as soon as one endpoint is declared in code, so unless <c>Kestrel:Endpoints</c>
    /// declares the others or <see cref="GrpcEndpointOptions.KeepHostUrls"/> is off, this also listens where
    /// the host would have listened without it (default <c>http://localhost:5000</c>), with HTTP/1.1 and HTTP/2.
    /// </summary>
    public static WebApplicationBuilder ConfigureGrpcEndpoint(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new GrpcEndpointOptions();
        var configuration = builder.Configuration;
        configuration.GetSection(GrpcEndpointOptions.SectionName).Bind(options);
        var keepUrls = options.KeepHostUrls && !string.IsNullOrWhiteSpace(options.Url) && !configuration.GetSection("Kestrel:Endpoints").Exists()
            ? HostUrls(configuration)
            : [];
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ConfigureGrpcEndpoint(options);
            foreach (var url in keepUrls)
            {
                Listen(kestrel, BindingAddress.Parse(url), HttpProtocols.Http1AndHttp2);
            }
        });
        return builder;
    }

    public static void ConfigureGrpcEndpoint(this KestrelServerOptions kestrel, GrpcEndpointOptions options)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(options);
        kestrel.Limits.Http2.KeepAlivePingDelay = options.KeepAlivePingDelay;
        kestrel.Limits.Http2.KeepAlivePingTimeout = options.KeepAlivePingTimeout;
        if (string.IsNullOrWhiteSpace(options.Url))
        {
            return;
        }

        var address = BindingAddress.Parse(options.Url);
        if (!string.Equals(address.Scheme, "http", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{GrpcEndpointOptions.SectionName}:Url must be an http:// (h2c) URL; serve TLS gRPC on the TLS endpoint.");
        }

        Listen(kestrel, address, HttpProtocols.Http2);
    }

    /// <summary>The URLs Kestrel would bind without endpoints declared in code: <c>urls</c>, else <c>http_ports</c>/<c>https_ports</c>.</summary>
    internal static IReadOnlyList<string> HostUrls(IConfiguration configuration)
    {
        var urls = configuration[WebHostDefaults.ServerUrlsKey];
        if (!string.IsNullOrWhiteSpace(urls))
        {
            return urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        var ports = Ports(configuration[WebHostDefaults.HttpPortsKey], "http")
            .Concat(Ports(configuration[WebHostDefaults.HttpsPortsKey], "https"))
            .ToList();
        return ports.Count > 0 ? ports : [DefaultUrl];
    }

    private static IEnumerable<string> Ports(string? ports, string scheme) =>
        (ports ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(port => $"{scheme}://*:{port}");

    private static void Listen(KestrelServerOptions kestrel, BindingAddress address, HttpProtocols protocols)
    {
        var https = string.Equals(address.Scheme, "https", StringComparison.OrdinalIgnoreCase);
        void Configure(ListenOptions listen)
        {
            listen.Protocols = protocols;
            if (https)
            {
                // The default certificate (Kestrel:Certificates:Default or the development one), as for urls.
                listen.UseHttps();
            }
        }

        switch (address.Host)
        {
            case "localhost":
                kestrel.ListenLocalhost(address.Port, Configure);
                break;
            case "*" or "+" or "0.0.0.0" or "[::]":
                kestrel.ListenAnyIP(address.Port, Configure);
                break;
            default:
                kestrel.Listen(IPAddress.Parse(address.Host.Trim('[', ']')), address.Port, Configure);
                break;
        }
    }
}
