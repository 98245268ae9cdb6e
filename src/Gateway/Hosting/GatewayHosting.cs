using SyncKairos.Gateway.Apis;
using SyncKairos.Gateway.Audit;
using SyncKairos.Gateway.Errors;
using SyncKairos.Gateway.Grpc;
using SyncKairos.Gateway.Grpc.Sessions;
using SyncKairos.Gateway.LoadShedding;
using SyncKairos.Gateway.Observability;
using SyncKairos.Gateway.Security;
using SyncKairos.Gateway.Sessions;
using SyncKairos.Gateway.Watching;
using SyncKairos.Gateway.WebSockets;
using SyncKairos.Silo;

namespace SyncKairos.Gateway.Hosting;

/// <summary>Registers and wires the gateway's services; keeps Program.cs short.</summary>
public static class GatewayHosting
{
    public static WebApplicationBuilder AddSyncKairosGateway(this WebApplicationBuilder builder)
    {
        // The gateway is a silo: session grains run here and in every other silo of the cluster.
        builder.AddSyncKairosSilo();
        var services = builder.Services;
        services.AddOptions<LoadSheddingSettings>().BindConfiguration(LoadSheddingSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WebSocketSettings>().BindConfiguration(WebSocketSettings.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        services.AddApiErrorHandling();

        // Registration order is start order: the silo (which connects Redis, or starts the embedded Garnet) first.
        services.AddSessions(builder.Configuration);
        services.AddGatewayAudit(builder.Configuration);
        builder.ConfigureGrpcEndpoint();
        services.AddSyncKairosGrpc();
        services.AddHealthChecks().AddCheck<ReadinessHealthCheck>(ReadinessHealthCheck.Name);

        // One subscription per watched session for the WebSocket hub and gRPC watches alike (ADR 0026).
        services.AddSingleton<SessionSubscriptions>();
        services.AddHostedService(sp => sp.GetRequiredService<SessionSubscriptions>());
        services.AddSingleton<FanOutHub>();
        services.AddSingleton<WatcherEndpoint>();
        services.AddHostedService<WebSocketShutdown>();
        builder.AddSyncKairosSecurity();
        builder.AddSyncKairosObservability();
        return builder;
    }

    public static WebApplication UseSyncKairosGateway(this WebApplication app)
    {
        app.UseSyncKairosObservability();
        app.UseApiErrorHandling();

        // Before security: the rate-limit check is itself a Redis call an overloaded gateway should not make.
        app.UseMiddleware<LoadSheddingMiddleware>();
        app.UseSyncKairosSecurity();
        app.UseWebSockets();
        app.MapSyncKairosObservability();
        return app;
    }
}
