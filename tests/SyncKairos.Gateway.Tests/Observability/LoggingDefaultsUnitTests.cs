using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SyncKairos.Gateway.Observability.Logging;

namespace SyncKairos.Gateway.Tests.Observability;

/// <summary>The built-in log levels hold without appsettings.json (a process started outside its output folder).</summary>
public sealed class LoggingDefaultsUnitTests
{
    [Fact]
    public void WithoutAppSettingsAspNetCoreRequestLogsAreOffAndOursAreOn()
    {
        using var provider = CreateProvider([]);
        var factory = provider.GetRequiredService<ILoggerFactory>();

        Assert.False(factory.CreateLogger("Microsoft.AspNetCore.Routing.EndpointMiddleware").IsEnabled(LogLevel.Information));
        Assert.False(factory.CreateLogger("Microsoft.AspNetCore.Http.Result.OkObjectResult").IsEnabled(LogLevel.Information));
        Assert.True(factory.CreateLogger("Microsoft.AspNetCore.Server.Kestrel").IsEnabled(LogLevel.Warning));
        Assert.True(factory.CreateLogger("SyncKairos.Silo.Redis.SyncKairosRedis").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public void ConfigurationStillOverridesTheDefaults()
    {
        using var provider = CreateProvider(new Dictionary<string, string?> { ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information" });
        var factory = provider.GetRequiredService<ILoggerFactory>();

        Assert.True(factory.CreateLogger("Microsoft.AspNetCore.Routing.EndpointMiddleware").IsEnabled(LogLevel.Information));
    }

    private static ServiceProvider CreateProvider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(settings);
        LoggingDefaults.Apply(configuration);
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddConsole());
        return services.BuildServiceProvider();
    }
}
