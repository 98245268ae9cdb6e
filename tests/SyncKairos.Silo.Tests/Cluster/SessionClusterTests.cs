using System.Diagnostics;
using System.Text.Json;
using StackExchange.Redis;
using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Silo.Tests.Cluster;

/// <summary>The session grain on a three-silo cluster; one subclass per Redis-compatible server.</summary>
public abstract partial class SessionClusterTests<TFixture>(TFixture fixture, ITestOutputHelper output)
    where TFixture : ClusterFixture
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    protected TFixture Fixture { get; } = fixture;

    private ISessionGrain Grain(string id) => Fixture.Client.GetGrain<ISessionGrain>(id.ToLowerInvariant());

    private IDatabase Db => Fixture.Store.GetDatabase();

    private static string StateKey(string id) => $"sk:{{{id.ToLowerInvariant()}}}:state";

    private async Task<SessionState?> StoredAsync(string id)
    {
        var raw = await Db.StringGetAsync(StateKey(id));
        return raw.IsNull ? null : SessionState.FromJson((string)raw!);
    }

    private async Task<List<JsonElement>> AuditEventsAsync(string id)
    {
        var all = await Db.ListRangeAsync("sk:audit:0");
        return all.Select(e => JsonDocument.Parse((string)e!).RootElement.Clone())
            .Where(e => e.GetProperty("session_id").GetString() == id)
            .ToList();
    }

    private async Task<SessionState> StartedAsync(long budgetMs = 60_000)
    {
        var request = Sessions.TwoPlayers(budgetMs: budgetMs);
        var grain = Grain(request.SessionId!);
        Assert.Null((await grain.Create(request)).Error);
        var started = await grain.Start();
        Assert.Null(started.Error);
        return started.State!;
    }

    /// <summary>Calls until the cluster answers something other than 503 or an exception (a silo failing over).</summary>
    private static async Task<SessionReply> AcrossFailoverAsync(Func<Task<SessionReply>> call, string what)
    {
        var deadline = Stopwatch.StartNew();
        Exception? last = null;
        while (deadline.Elapsed < Patience)
        {
            try
            {
                var reply = await call();
                if (reply.Error is not { Code: ErrorCodes.SERVICE_UNAVAILABLE })
                {
                    return reply;
                }
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                last = ex;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{what}: no answer but 503s/errors within {Patience}; last error: {last?.Message}");
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Patience;
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"Expected within {limit}: {what}");
            }

            await Task.Delay(100);
        }
    }

    private async Task<SiloHandleInfo> HostOfAsync(string id)
    {
        var management = Fixture.Client.GetGrain<IManagementGrain>(0);
        var address = await management.GetActivationAddress(Grain(id));
        var silo = address is null ? null : Fixture.Cluster.GetSiloForAddress(address);
        Assert.NotNull(silo);
        return new SiloHandleInfo(silo);
    }

    private sealed record SiloHandleInfo(Orleans.TestingHost.SiloHandle Silo);
}
