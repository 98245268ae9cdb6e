using Microsoft.Extensions.Options;

namespace SyncKairos.Gateway.RateLimiting;

/// <summary>
/// Open WebSocket connections per client IP on this instance (ADR 0019: a socket lives on one instance, so
/// the count is exact here and needs no Redis, and it keeps working while Redis is down).
/// </summary>
public sealed class WebSocketConnectionLimiter(IOptions<RateLimitSettings> settings)
{
    private readonly Dictionary<string, int> _open = new(StringComparer.Ordinal);

    /// <summary>Raised after a connection of the given client address was released (tests wait on it).</summary>
    public event Action<string>? Released;

    public int Limit => settings.Value.WebSocketConnectionsPerIp;

    /// <summary>Connections of <paramref name="clientAddress"/> open now.</summary>
    public int OpenConnections(string clientAddress)
    {
        lock (_open)
        {
            return _open.GetValueOrDefault(clientAddress);
        }
    }

    /// <summary>Takes a slot for one connection, or returns null when the client has <see cref="Limit"/> open already.</summary>
    public WebSocketConnectionLease? TryAcquire(string clientAddress)
    {
        lock (_open)
        {
            var open = _open.GetValueOrDefault(clientAddress);
            if (open >= Limit)
            {
                return null;
            }

            _open[clientAddress] = open + 1;
        }

        return new WebSocketConnectionLease(() => Release(clientAddress));
    }

    private void Release(string clientAddress)
    {
        lock (_open)
        {
            var open = _open.GetValueOrDefault(clientAddress) - 1;
            if (open <= 0)
            {
                _open.Remove(clientAddress);
            }
            else
            {
                _open[clientAddress] = open;
            }
        }

        Released?.Invoke(clientAddress);
    }
}
