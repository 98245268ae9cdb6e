using System.Globalization;
using System.Text;

namespace SyncKairos.Redis.Client;

/// <summary>
/// Where and how to reach one Redis endpoint. Bound from configuration or parsed from a connection string
/// (<see cref="Parse"/>), then checked by <see cref="Validate"/> before the first connection.
/// </summary>
public sealed partial class RedisOptions
{
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 6379;

    /// <summary>ACL user; null means the <c>default</c> user.</summary>
    public string? User { get; set; }

    public string? Password { get; set; }

    public bool Ssl { get; set; }

    /// <summary>Name sent as SNI and checked against the certificate; defaults to <see cref="Host"/>.</summary>
    public string? SslHost { get; set; }

    /// <summary>PEM or DER file with the CA that signed the server certificate, trusted in place of the system store.</summary>
    public string? SslCaFile { get; set; }

    public int Database { get; set; }

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Sent with <c>CLIENT SETNAME</c> (or <c>HELLO ... SETNAME</c>); shows in <c>CLIENT LIST</c>.</summary>
    public string? ClientName { get; set; }

    /// <summary>Commands queued or awaiting a reply at once; callers beyond it wait (back-pressure).</summary>
    public int MaxOutstandingCommands { get; set; } = 50_000;

    /// <summary>Ask for RESP3 with <c>HELLO 3</c>; the client falls back to RESP2 when the server refuses.</summary>
    public bool UseResp3 { get; set; } = true;

    /// <summary>First reconnect delay; it doubles per failed attempt up to <see cref="ReconnectMaxDelay"/>, with jitter.</summary>
    public TimeSpan ReconnectBaseDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Longest wait between reconnect attempts. Short on purpose: the gateway must serve again within a second of
    /// Redis returning (DESIGN targets), and one connect attempt per half second per connection costs Redis nothing.
    /// </summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>An idle connection sends <c>PING</c> this often.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A connection with replies owed but nothing read for this long is considered dead and reopened.</summary>
    public TimeSpan DeadConnectionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public string EndPoint => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    /// <summary>Every problem with these options, or an empty list.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Host))
        {
            errors.Add("Redis Host is empty.");
        }

        if (Port is < 1 or > 65535)
        {
            errors.Add($"Redis Port {Port} is outside 1..65535.");
        }

        if (Database < 0)
        {
            errors.Add($"Redis Database {Database} is negative.");
        }

        if (User is not null && Password is null)
        {
            errors.Add("Redis User is set without a Password.");
        }

        CheckPositive(errors, nameof(ConnectTimeout), ConnectTimeout);
        CheckPositive(errors, nameof(CommandTimeout), CommandTimeout);
        CheckPositive(errors, nameof(ReconnectBaseDelay), ReconnectBaseDelay);
        CheckPositive(errors, nameof(HeartbeatInterval), HeartbeatInterval);
        CheckPositive(errors, nameof(DeadConnectionTimeout), DeadConnectionTimeout);
        if (ReconnectMaxDelay < ReconnectBaseDelay)
        {
            errors.Add("Redis ReconnectMaxDelay is shorter than ReconnectBaseDelay.");
        }

        if (MaxOutstandingCommands < 1)
        {
            errors.Add($"Redis MaxOutstandingCommands {MaxOutstandingCommands} must be at least 1.");
        }

        if (SslCaFile is not null && !File.Exists(SslCaFile))
        {
            errors.Add($"Redis SslCaFile '{SslCaFile}' does not exist.");
        }

        return errors;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem, if there is one.</summary>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid Redis options: " + string.Join(" ", errors));
        }
    }

    internal RedisOptions Clone() => (RedisOptions)MemberwiseClone();

    /// <summary>The connection-string form, with the password redacted.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(EndPoint);
        if (User is not null)
        {
            text.Append(",user=").Append(User);
        }

        if (Password is not null)
        {
            text.Append(",password=*****");
        }

        if (Ssl)
        {
            text.Append(",ssl=true");
        }

        if (SslHost is not null)
        {
            text.Append(",sslHost=").Append(SslHost);
        }

        if (Database != 0)
        {
            text.Append(",db=").Append(Database.ToString(CultureInfo.InvariantCulture));
        }

        if (ClientName is not null)
        {
            text.Append(",name=").Append(ClientName);
        }

        text.Append(",connectTimeout=").Append(((long)ConnectTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        text.Append(",commandTimeout=").Append(((long)CommandTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        return text.ToString();
    }

    private static void CheckPositive(List<string> errors, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"Redis {name} must be positive.");
        }
    }
}
