using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;

namespace SyncKairos.Gateway.Grpc;

public static class GrpcHostingExtensions
{
    /// <summary>
    /// Reads <see cref="GrpcEndpointOptions"/> from <c>SyncKairos:Grpc</c>, sets the HTTP/2 keep-alive
    /// pings and, when a URL is set, listens there with HTTP/2 only (h2c needs prior knowledge, which a
    /// shared HTTP/1.1 endpoint cannot offer). Kestrel then ignores ASPNETCORE_URLS/--urls: the gateway
    /// must declare its HTTP endpoint with Listen (or Kestrel:Endpoints) as well.
    /// </summary>
    public static WebApplicationBuilder ConfigureGrpcEndpoint(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new GrpcEndpointOptions();
        builder.Configuration.GetSection(GrpcEndpointOptions.SectionName).Bind(options);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureGrpcEndpoint(options));
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

        void Http2Only(ListenOptions listen) => listen.Protocols = HttpProtocols.Http2;
        switch (address.Host)
        {
            case "localhost":
                kestrel.ListenLocalhost(address.Port, Http2Only);
                break;
            case "*" or "+" or "0.0.0.0" or "[::]":
                kestrel.ListenAnyIP(address.Port, Http2Only);
                break;
            default:
                kestrel.Listen(IPAddress.Parse(address.Host.Trim('[', ']')), address.Port, Http2Only);
                break;
        }
    }
}
