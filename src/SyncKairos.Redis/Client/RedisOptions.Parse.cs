using System.Globalization;

namespace SyncKairos.Redis.Client;

public sealed partial class RedisOptions
{
    /// <summary>
    /// Parses <c>host:port,password=..,user=..,ssl=true,db=N,connectTimeout=ms,commandTimeout=ms,name=..,sslHost=..,sslCaFile=..</c>
    /// or a <c>redis://[user:password@]host[:port][/db]</c> / <c>rediss://</c> URL (options as query parameters).
    /// </summary>
    public static RedisOptions Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var text = connectionString.Trim();
        if (text.Length == 0)
        {
            throw new FormatException("The Redis connection string is empty.");
        }

        var options = new RedisOptions();
        if (text.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase))
        {
            ParseUrl(text, options);
        }
        else
        {
            var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var first = 0;
            if (parts.Length > 0 && !parts[0].Contains('=', StringComparison.Ordinal))
            {
                ParseEndPoint(parts[0], options);
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

        return options;
    }

    private static void ParseUrl(string text, RedisOptions options)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            throw new FormatException("The Redis URL is malformed.");
        }

        options.Ssl = uri.Scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase);
        options.Host = uri.Host.Trim('[', ']');
        if (!uri.IsDefaultPort && uri.Port > 0)
        {
            options.Port = uri.Port;
        }

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
    }

    private static void ParseEndPoint(string endPoint, RedisOptions options)
    {
        string host;
        string? port = null;
        if (endPoint.StartsWith('['))
        {
            var close = endPoint.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException($"Redis endpoint '{endPoint}' has an unclosed '['.");
            }

            host = endPoint[1..close];
            var rest = endPoint[(close + 1)..];
            if (rest.Length > 0)
            {
                port = rest.StartsWith(':') ? rest[1..] : throw new FormatException($"Redis endpoint '{endPoint}' is malformed.");
            }
        }
        else
        {
            var colon = endPoint.LastIndexOf(':');
            if (colon >= 0 && endPoint.IndexOf(':', StringComparison.Ordinal) == colon)
            {
                host = endPoint[..colon];
                port = endPoint[(colon + 1)..];
            }
            else
            {
                host = endPoint;
            }
        }

        options.Host = host;
        if (port is not null)
        {
            options.Port = ParseInt("port", port);
        }
    }

    private static void Apply(RedisOptions options, string key, string value)
    {
        switch (key.ToLowerInvariant())
        {
            case "password":
                options.Password = value;
                break;
            case "user":
            case "username":
                options.User = value.Length == 0 ? null : value;
                break;
            case "ssl":
            case "tls":
                options.Ssl = ParseBool(key, value);
                break;
            case "sslhost":
                options.SslHost = value;
                break;
            case "sslcafile":
                options.SslCaFile = value;
                break;
            case "db":
            case "database":
            case "defaultdatabase":
                options.Database = ParseInt(key, value);
                break;
            case "connecttimeout":
                options.ConnectTimeout = TimeSpan.FromMilliseconds(ParseInt(key, value));
                break;
            case "commandtimeout":
            case "synctimeout":
                options.CommandTimeout = TimeSpan.FromMilliseconds(ParseInt(key, value));
                break;
            case "name":
            case "clientname":
                options.ClientName = value;
                break;
            case "maxoutstanding":
            case "maxoutstandingcommands":
                options.MaxOutstandingCommands = ParseInt(key, value);
                break;
            case "resp3":
                options.UseResp3 = ParseBool(key, value);
                break;
            case "protocol":
                options.UseResp3 = value switch
                {
                    "3" or "resp3" => true,
                    "2" or "resp2" => false,
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

    private static string Redact(string part) =>
        part.StartsWith("password", StringComparison.OrdinalIgnoreCase) ? "password=*****" : part;
}
