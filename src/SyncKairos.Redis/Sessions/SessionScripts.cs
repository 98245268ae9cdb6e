using System.Reflection;
using SyncKairos.Redis.Client;

namespace SyncKairos.Redis.Sessions;

/// <summary>The session scripts, each prefixed with the shared helpers of common.lua.</summary>
internal static class SessionScripts
{
    public static readonly RedisScript Create = Load("create");
    public static readonly RedisScript Start = Load("start");
    public static readonly RedisScript Switch = Load("switch");
    public static readonly RedisScript Pause = Load("pause");
    public static readonly RedisScript Resume = Load("resume");
    public static readonly RedisScript Complete = Load("complete");
    public static readonly RedisScript Expire = Load("expire");
    public static readonly RedisScript Delete = Load("delete");

    public static IReadOnlyList<RedisScript> All { get; } = [Create, Start, Switch, Pause, Resume, Complete, Expire, Delete];

    public static string Source(string name) => Read("common") + "\n" + Read(name);

    private static RedisScript Load(string name) => new(Source(name));

    private static string Read(string name)
    {
        var resource = $"SyncKairos.Redis.Scripts.{name}.lua";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded script {resource} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
