namespace SyncKairos.Gateway.RateLimiting;

/// <summary>One WebSocket connection's slot in <see cref="WebSocketConnectionLimiter"/>; disposing it (once) gives the slot back.</summary>
public sealed class WebSocketConnectionLease : IDisposable
{
    private Action? _release;

    internal WebSocketConnectionLease(Action release) => _release = release;

    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
}
