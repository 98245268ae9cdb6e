using System.Net;
using System.Security.Claims;

namespace SyncKairos.Gateway.RateLimiting;

/// <summary>
/// Who a request counts against: the authenticated subject, else the client IP. <c>X-Forwarded-For</c> is
/// believed only when the connection comes from a trusted proxy network; then the right-most address that
/// is not itself a trusted proxy is the client (anything left of it could be forged by the client).
/// </summary>
public sealed class ClientIdentity
{
    private readonly IPNetwork[] _trusted;

    public ClientIdentity(IEnumerable<string> trustedProxies)
    {
        ArgumentNullException.ThrowIfNull(trustedProxies);
        _trusted = [.. trustedProxies.Select(n => IPNetwork.Parse(n.Trim()))];
    }

    public string Resolve(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var subject = context.User.FindFirstValue("sub") ?? context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (context.User.Identity?.IsAuthenticated == true && !string.IsNullOrEmpty(subject))
        {
            return "sub:" + subject;
        }

        return "ip:" + ClientAddress(context.Connection.RemoteIpAddress, context.Request.Headers["X-Forwarded-For"]);
    }

    public string ClientAddress(IPAddress? remote, IEnumerable<string?> forwardedFor)
    {
        ArgumentNullException.ThrowIfNull(forwardedFor);
        if (remote is null)
        {
            return "unknown";
        }

        remote = Normalize(remote);
        if (!IsTrusted(remote))
        {
            return remote.ToString();
        }

        var hops = forwardedFor
            .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .ToArray();
        var client = remote;
        for (var i = hops.Length - 1; i >= 0; i--)
        {
            if (!IPAddress.TryParse(hops[i], out var hop))
            {
                break;
            }

            client = Normalize(hop);
            if (!IsTrusted(client))
            {
                break;
            }
        }

        return client.ToString();
    }

    private bool IsTrusted(IPAddress address) => _trusted.Any(n => n.Contains(address));

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
