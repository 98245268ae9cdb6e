using System.Globalization;
using System.Net;
using StackExchange.Redis;

namespace SyncKairos.Silo.Redis;

/// <summary>
/// The format of <c>SyncKairos:Redis:ConnectionString</c> (<c>host:port,password=..,user=..,ssl=true,db=N,...</c>,
/// or a <c>redis://[user:password@]host[:port][/db]</c> / <c>rediss://</c> URL) as StackExchange.Redis options.
/// Parsed here rather than by <see cref="ConfigurationOptions.Parse(string)"/> because the two formats differ in
/// names (<c>db</c>, <c>user</c>, <c>commandTimeout</c>) and SE.Redis does not read URLs.
/// </summary>
public static class RedisConnectionString
{
    public static ConfigurationOptions ToConfigurationOptions(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var text = connectionString.Trim();
        if (text.Length == 0)
        {
            throw new FormatException("The Redis connection string is empty.");
        }

        var options = Defaults();
        string host = "127.0.0.1";
        var port = 6379;
        if (text.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase))
        {
            (host, port) = ParseUrl(text, options);
        }
        else
        {
            var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var first = 0;
            if (parts.Length > 0 && !parts[0].Contains('=', StringComparison.Ordinal))
            {
                (host, port) = ParseEndPoint(parts[0]);
                first = 1;
            }

            for (var i = first; i < parts.Length; i++)
            {
                var eq = parts[i].IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    throw new FormatException($"Redis connection string part '{Redact(parts[i])}' is not key=value.");
                }

                Apply(options, parts[i][..eq].Trim(), parts[i][(eq + 1)..].Trim());
            }
        }

        options.EndPoints.Add(host, port);
        return options;
    }

    /// <summary>The start-up error for a connection string <see cref="ToConfigurationOptions"/> refused.</summary>
    public static string Invalid(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return $"{RedisConnectionSettings.Section}:ConnectionString is invalid: {error.Message}";
    }

    /// <summary>host:port of a connection string, without credentials (for logs and health output).</summary>
    public static string EndPointOf(ConfigurationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.EndPoints.Count == 0
            ? "(none)"
            : options.EndPoints[0] switch
            {
                DnsEndPoint dns => $"{dns.Host}:{dns.Port.ToString(CultureInfo.InvariantCulture)}",
                IPEndPoint ip => ip.ToString(),
                var other => other.ToString() ?? "(unknown)",
            };
    }

    // A command is acknowledged only once durable, so a stalled Redis must turn into a quick 503, not a queue:
    // fail fast while disconnected, time out in 2 s, reconnect within half a second of Redis returning.
    private static ConfigurationOptions Defaults() => new()
    {
        AbortOnConnectFail = false,
        ConnectTimeout = 5000,
        AsyncTimeout = 2000,
        SyncTimeout = 2000,
        BacklogPolicy = BacklogPolicy.FailFast,
        ReconnectRetryPolicy = new ExponentialRetry(50, 500),
        KeepAlive = 1,
    };

    private static (string Host, int Port) ParseUrl(string text, ConfigurationOptions options)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            throw new FormatException($"The Redis URL's host and port '{AuthorityOf(text)}' are malformed (expected redis[s]://[user:password@]host[:port][/db]).");
        }

        options.Ssl = uri.Scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase);
        var port = !uri.IsDefaultPort && uri.Port > 0 ? uri.Port : 6379;
        if (uri.UserInfo.Length > 0)
        {
            var info = uri.UserInfo;
            var colon = info.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                // redis://password@host is the common short form for the default user.
                options.Password = Uri.UnescapeDataString(info);
            }
            else
            {
                var user = Uri.UnescapeDataString(info[..colon]);
                options.User = user.Length == 0 ? null : user;
                options.Password = Uri.UnescapeDataString(info[(colon + 1)..]);
            }
        }

        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            Apply(options, "db", path);
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"Redis URL parameter '{Redact(pair)}' is not key=value.");
            }

            Apply(options, Uri.UnescapeDataString(pair[..eq]), Uri.UnescapeDataString(pair[(eq + 1)..]));
        }

        return (uri.Host.Trim('[', ']'), port);
    }

    private static (string Host, int Port) ParseEndPoint(string endPoint)
    {
        if (endPoint.StartsWith('['))
        {
            var close = endPoint.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException($"Redis endpoint '{endPoint}' has an unclosed '['.");
            }

            var rest = endPoint[(close + 1)..];
            return rest.Length == 0
                ? (endPoint[1..close], 6379)
                : rest.StartsWith(':')
                    ? (endPoint[1..close], ParseInt("port", rest[1..]))
                    : throw new FormatException($"Redis endpoint '{endPoint}' is malformed.");
        }

        var colon = endPoint.LastIndexOf(':');
        return colon >= 0 && endPoint.IndexOf(':', StringComparison.Ordinal) == colon
            ? (endPoint[..colon], ParseInt("port", endPoint[(colon + 1)..]))
            : (endPoint, 6379);
    }

    private static void Apply(ConfigurationOptions options, string key, string value)
    {
        switch (key.ToLowerInvariant())
        {
            case "password":
                options.Password = value;
                break;
            case "user" or "username":
                options.User = value.Length == 0 ? null : value;
                break;
            case "ssl" or "tls":
                options.Ssl = ParseBool(key, value);
                break;
            case "sslhost":
                options.SslHost = value;
                break;
            case "sslcafile":
                options.TrustIssuer(value);
                break;
            case "db" or "database" or "defaultdatabase":
                options.DefaultDatabase = ParseInt(key, value);
                break;
            case "connecttimeout":
                options.ConnectTimeout = ParseInt(key, value);
                break;
            case "commandtimeout" or "synctimeout":
                options.AsyncTimeout = ParseInt(key, value);
                options.SyncTimeout = options.AsyncTimeout;
                break;
            case "name" or "clientname":
                options.ClientName = value;
                break;
            case "resp3":
                options.Protocol = ParseBool(key, value) ? RedisProtocol.Resp3 : RedisProtocol.Resp2;
                break;
            case "protocol":
                options.Protocol = value switch
                {
                    "3" or "resp3" => RedisProtocol.Resp3,
                    "2" or "resp2" => RedisProtocol.Resp2,
                    _ => throw new FormatException($"Redis option protocol={value} is not 2 or 3."),
                };
                break;
            default:
                throw new FormatException($"Unknown Redis connection string option '{key}'.");
        }
    }

    private static int ParseInt(string key, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw new FormatException($"Redis option {key}={value} is not an integer.");

    private static bool ParseBool(string key, string value) =>
        bool.TryParse(value, out var result)
            ? result
            : throw new FormatException($"Redis option {key}={value} is not true or false.");

    // What follows the scheme and any credentials, up to the path: the part Uri could not read, safe to print.
    private static string AuthorityOf(string url)
    {
        var rest = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var slash = rest.IndexOfAny(['/', '?']);
        var authority = slash < 0 ? rest : rest[..slash];
        var at = authority.LastIndexOf('@');
        return at < 0 ? authority : authority[(at + 1)..];
    }

    private static string Redact(string part) =>
        part.StartsWith("password", StringComparison.OrdinalIgnoreCase) ? "password=*****" : part;
}
