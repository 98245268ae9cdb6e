using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SyncKairos.Redis.Sessions;

namespace SyncKairos.Redis.Tests.Sessions;

public sealed class SessionServiceCollectionTests(RedisSessionServerFixture fixture)
{
    [Fact]
    public async Task Registers_one_store_and_one_hosted_sweeper()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(fixture.Redis);
        services.AddSyncKairosSessions(o => o.KeyPrefix = "di" + Guid.NewGuid().ToString("N")[..8]);
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<SessionStore>();
        Assert.StartsWith("di", store.Options.KeyPrefix, StringComparison.Ordinal);
        Assert.Same(provider.GetRequiredService<ExpirySweeper>(), Assert.Single(provider.GetServices<IHostedService>()));
        Assert.Null(await store.GetAsync(Guid.NewGuid().ToString(), TestContext.Current.CancellationToken));
    }
}
