using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SyncKairos.Gateway.LoadShedding;

namespace SyncKairos.Gateway.Tests.LoadShedding;

/// <summary>The in-progress bound of the session API: refuses at once beyond it, frees slots as requests finish.</summary>
public sealed class LoadSheddingUnitTests : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _reachedNext;

    public LoadSheddingUnitTests()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.ConfigureHttpJsonOptions(_ => { });
        _services = services.BuildServiceProvider();
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task BeyondTheBoundASessionRequestIsRefusedAtOnceWith503AndRetryAfter()
    {
        var middleware = Create(max: 2);
        var first = middleware.InvokeAsync(Context("/v1/sessions/a/switch"));
        var second = middleware.InvokeAsync(Context("/v1/sessions/b/switch"));
        Assert.Equal(2, middleware.InFlight);

        var refused = Context("/v1/sessions/c/switch");
        await middleware.InvokeAsync(refused);

        Assert.Equal(2, Volatile.Read(ref _reachedNext));
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, refused.Response.StatusCode);
        Assert.Equal("1", refused.Response.Headers.RetryAfter.ToString());
        var error = Body(refused).GetProperty("error");
        Assert.Equal("SERVICE_UNAVAILABLE", error.GetProperty("code").GetString());
        Assert.False(first.IsCompleted || second.IsCompleted);

        _release.SetResult();
        await Task.WhenAll(first, second);
        Assert.Equal(0, middleware.InFlight);

        var later = Context("/v1/sessions/c/switch");
        await middleware.InvokeAsync(later);
        Assert.Equal(3, Volatile.Read(ref _reachedNext));
        Assert.Equal(StatusCodes.Status200OK, later.Response.StatusCode);
    }

    [Theory]
    [InlineData("/ws")]
    [InlineData("/v1/time")]
    [InlineData("/health")]
    [InlineData("/metrics")]
    public async Task OnlyTheSessionApiIsCounted(string path)
    {
        var middleware = Create(max: 1);
        var held = middleware.InvokeAsync(Context("/v1/sessions/a/switch"));

        var other = middleware.InvokeAsync(Context(path));

        Assert.False(other.IsCompleted);
        Assert.Equal(2, Volatile.Read(ref _reachedNext));
        Assert.Equal(1, middleware.InFlight);
        _release.SetResult();
        await Task.WhenAll(held, other);
    }

    [Fact]
    public async Task ZeroTurnsSheddingOff()
    {
        var middleware = Create(max: 0);
        var calls = Enumerable.Range(0, 5).Select(i => middleware.InvokeAsync(Context($"/v1/sessions/{i}/switch"))).ToArray();

        Assert.Equal(5, Volatile.Read(ref _reachedNext));
        _release.SetResult();
        await Task.WhenAll(calls);
    }

    private LoadSheddingMiddleware Create(int max) => new(
        async _ =>
        {
            Interlocked.Increment(ref _reachedNext);
            await _release.Task;
        },
        Options.Create(new LoadSheddingSettings { MaxConcurrentRequests = max }),
        TimeProvider.System,
        NullLogger<LoadSheddingMiddleware>.Instance);

    private DefaultHttpContext Context(string path)
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Request.Method = HttpMethods.Post;
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static JsonElement Body(HttpContext context)
    {
        context.Response.Body.Position = 0;
        return JsonDocument.Parse(context.Response.Body).RootElement.Clone();
    }
}
