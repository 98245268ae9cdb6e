using System.Security.Cryptography;
using System.Text;

namespace SyncKairos.Redis.Client;

/// <summary>A Lua script and its SHA1 (computed locally, as the server would) for <c>EVALSHA</c>.</summary>
public sealed class RedisScript
{
    public RedisScript(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Source = source;
        Sha1 = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(source)));
    }

    public string Source { get; }

    /// <summary>Lower-case hex, the form the server reports from <c>SCRIPT LOAD</c>.</summary>
    public string Sha1 { get; }

    public override string ToString() => Sha1;
}
