using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SyncKairos.Gateway.Tests.Infrastructure;
using SyncKairos.Grains.Storage;

namespace SyncKairos.Gateway.Tests.Configuration;

/// <summary>The sessions section at start-up: bad values are refused with their reasons; the old TTL key still works.</summary>
public sealed class SessionSettingsTests(RedisFixture redis)
{
    [Fact]
    public async Task Bad_session_settings_stop_the_start_and_say_why()
    {
        await using var factory = new GatewayFactory(redis.Endpoint, new Dictionary<string, string?>
        {
            ["SyncKairos:Sessions:TtlSeconds"] = "0",
            ["SyncKairos:Sessions:KeyPrefix"] = "a{b}",
        });
        var failure = Record.Exception(() => factory.CreateClient());
        var options = failure as OptionsValidationException ?? failure?.InnerException as OptionsValidationException
            ?? (failure as AggregateException)?.InnerExceptions.OfType<OptionsValidationException>().FirstOrDefault();
        Assert.True(options is not null, $"expected an OptionsValidationException, got {failure}");
        Assert.Contains("SyncKairos:Sessions:TtlSeconds 0 must be at least 1.", options.Message, StringComparison.Ordinal);
        Assert.Contains("SyncKairos:Sessions:KeyPrefix 'a{b}' contains a brace.", options.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 3600)]
    [InlineData("120", 120)]
    public async Task TtlSeconds_sets_the_session_ttl(string? value, int expected)
    {
        var (factory, logs) = Start(new() { ["SyncKairos:Sessions:TtlSeconds"] = value });
        await using (factory)
        {
            Assert.Equal(expected, factory.Services.GetRequiredService<IOptions<SessionStorageOptions>>().Value.TtlSeconds);
            Assert.DoesNotContain(logs.Entries, e => e.Text.Contains("deprecated", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(null, 90, "used")]
    [InlineData("120", 120, "ignored")]
    public async Task The_old_SessionTtlSeconds_key_still_works_and_warns_once(string? ttlSeconds, int expected, string outcome)
    {
        var (factory, logs) = Start(new()
        {
            ["SyncKairos:Sessions:SessionTtlSeconds"] = "90",
            ["SyncKairos:Sessions:TtlSeconds"] = ttlSeconds,
        });
        await using (factory)
        {
            Assert.Equal(expected, factory.Services.GetRequiredService<IOptions<SessionStorageOptions>>().Value.TtlSeconds);
            var warning = Assert.Single(logs.Entries, e => e.Text.Contains("SessionTtlSeconds is deprecated", StringComparison.Ordinal));
            Assert.Equal(LogLevel.Warning, warning.Level);
            Assert.Contains("SyncKairos:Sessions:TtlSeconds", warning.Text, StringComparison.Ordinal);
            Assert.Contains(outcome, warning.Text, StringComparison.Ordinal);
        }
    }

    private (GatewayFactory Factory, CapturedLogs Logs) Start(Dictionary<string, string?> settings)
    {
        var logs = new CapturedLogs();
        var factory = new GatewayFactory(
            redis.Endpoint,
            settings.Where(s => s.Value is not null).ToDictionary(),
            services => services.AddSingleton<ILoggerProvider>(logs));
        return (factory, logs);
    }
}
