using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using SyncKairos.Gateway.Grpc.Sessions;
using SyncKairos.Gateway.RateLimiting;

namespace SyncKairos.Gateway.Security;

/// <summary>Authentication, authorisation, CORS and the shared rate limits: one registration, one middleware call.</summary>
public static class SecurityHosting
{
    public static WebApplicationBuilder AddSyncKairosSecurity(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<RateLimitSettings>().BindConfiguration(RateLimitSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AuthSettings>().BindConfiguration(AuthSettings.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthSettings>, AuthSettingsValidator>();
        services.AddOptions<CorsSettings>().BindConfiguration(CorsSettings.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CorsSettings>, CorsSettingsValidator>();

        services.AddOptions<RequestLimitSettings>().BindConfiguration(RequestLimitSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<RequestLimitSettings>>((kestrel, limits) => ConfigureKestrelLimits(kestrel, limits.Value));
        services.AddSingleton<WebSocketConnectionLimiter>();
        services.AddSingleton(sp => new ClientIdentity(sp.GetRequiredService<IOptions<RateLimitSettings>>().Value.TrustedProxies));
        services.AddSingleton<SharedRateLimiter>();
        services.AddSingleton<GrpcRateLimitInterceptor>();
        services.AddSingleton<GrpcAuthInterceptor>();

        // Order matters: the rate limit refuses floods before the auth check reads the session store. Only the
        // session service: reflection and grpc.health.v1 are public, like /api-docs and /ready.
        services.AddGrpc().AddServiceOptions<SyncKairosGrpcService>(grpc =>
        {
            grpc.Interceptors.Add<GrpcRateLimitInterceptor>();
            grpc.Interceptors.Add<GrpcAuthInterceptor>();
        });

        // Only with auth on: WebApplication puts authentication middleware in front of every request as soon
        // as its services exist, and with auth off it would run a JWT handler for nothing on each call.
        if (builder.Configuration.GetSection(AuthSettings.Section).GetValue<bool>(nameof(AuthSettings.Enabled)))
        {
            services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
            services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<AuthSettings>>(ConfigureJwt);
        }

        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<CorsSettings>>((cors, settings) => cors.AddDefaultPolicy(policy => ConfigureCors(policy, settings.Value)));

        // The hosting layer logs every request's full URL at Information, before any middleware could
        // redact it: a WebSocket's access_token would end up in the logs. Off unless an operator sets that
        // category's level explicitly (knowing URLs, and so query-string tokens, are then logged).
        const string hostingDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";
        if (builder.Configuration[$"Logging:LogLevel:{hostingDiagnostics}"] is null)
        {
            builder.Logging.AddFilter(hostingDiagnostics, LogLevel.Warning);
        }
        return builder;
    }

    public static WebApplication UseSyncKairosSecurity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var auth = app.Services.GetRequiredService<IOptions<AuthSettings>>().Value;
        app.UseMiddleware<RequestLimitMiddleware>();
        if (app.Services.GetRequiredService<IOptions<CorsSettings>>().Value.AllowedOrigins.Count > 0)
        {
            app.UseCors();
            app.UseMiddleware<WebSocketOriginMiddleware>();
        }

        // Before authentication and the Redis-backed limits: a refused upgrade costs neither.
        app.UseMiddleware<WebSocketConnectionLimitMiddleware>();

        if (auth.Enabled)
        {
            app.UseAuthentication();
        }

        app.UseMiddleware<RateLimitMiddleware>();
        if (auth.Enabled)
        {
            app.UseMiddleware<AuthorizationMiddleware>();
        }

        return app;
    }

    /// <summary>Kestrel's own limits sit above ours so that RequestLimitMiddleware answers first, in the envelope.</summary>
    private static void ConfigureKestrelLimits(KestrelServerOptions kestrel, RequestLimitSettings limits)
    {
        const int factor = RequestLimitSettings.KestrelFactor;
        kestrel.Limits.MaxRequestLineSize = (factor * limits.MaxRequestTargetBytes) + 64;
        kestrel.Limits.MaxRequestHeadersTotalSize = factor * limits.MaxHeaderBytes;
        kestrel.Limits.MaxRequestHeaderCount = factor * limits.MaxHeaderCount;
        kestrel.Limits.Http2.MaxRequestHeaderFieldSize = Math.Max(kestrel.Limits.Http2.MaxRequestHeaderFieldSize, factor * limits.MaxHeaderBytes);
    }

    private static void ConfigureJwt(JwtBearerOptions jwt, IOptions<AuthSettings> options)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        var (keys, algorithms) = SigningKeys.From(settings);
        jwt.MapInboundClaims = false;
        jwt.IncludeErrorDetails = false;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = settings.Issuer,
            ValidAudience = settings.Audience,
            IssuerSigningKeys = keys,
            ValidAlgorithms = algorithms,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = settings.ClockSkew,
            NameClaimType = "sub",
        };
        jwt.Events = new JwtBearerEvents
        {
            OnMessageReceived = context =>
            {
                if (string.IsNullOrEmpty(context.Request.Headers.Authorization))
                {
                    context.Token = WebSocketTokens.Find(context.HttpContext);
                }

                return Task.CompletedTask;
            },
        };
    }

    private static void ConfigureCors(CorsPolicyBuilder policy, CorsSettings settings)
    {
        if (settings.AllowedOrigins.Contains("*") && !settings.AllowCredentials)
        {
            policy.AllowAnyOrigin();
        }
        else
        {
            policy.WithOrigins([.. settings.AllowedOrigins.Where(o => o != "*")]);
        }

        if (settings.AllowCredentials)
        {
            policy.AllowCredentials();
        }

        policy.AllowAnyHeader().AllowAnyMethod()
            .WithExposedHeaders(RateLimitHeaders.Policy, RateLimitHeaders.Limit, RateLimitHeaders.Remaining, RateLimitHeaders.Reset, RateLimitHeaders.RetryAfter);
    }
}
