using System.Globalization;
using System.Text;

namespace SyncKairos.Gateway.Tests.Fuzzing;

/// <summary>Deterministic generators of hostile input: odd JSON values, bodies, ids, content types.</summary>
public sealed partial class FuzzValues(int seed)
{
    private static readonly string[] JsonValues =
    [
        "null", "true", "false", "0", "-1", "1.5", "1e400", "-1e400", "99999999999999999999999999", "9223372036854775808",
        "-9223372036854775809", "86400001", "999", "\"\"", "\"x\"", "\"\\u0000\"", "\"\\ud800\"", "\"\u00e9\u4e2d\ud83d\ude00\"", "\"\u202ertl\"",
        "[]", "{}", "[1,2,3]", "{\"a\":{\"b\":{\"c\":[]}}}", "\"00000000-0000-0000-0000-000000000000\"", "\"not-a-uuid\"",
        "\"per_participant\"", "\"count_up\"", "\"next_participant\"", "-0", "0.0000001", "1E+2", "\"NaN\"",
    ];

    private static readonly string[] Fields =
    [
        "session_id", "sync_mode", "total_time_ms", "participants", "time_per_cycle_ms", "max_time_ms", "increment_ms", "delay_ms",
        "expiry_policy", "metadata", "next_participant_id", "expected_active_participant_id", "request_id", "participants.0",
        "participants.0.participant_id", "participants.0.total_time_ms", "participants.0.participant_index", "participants.0.group_id",
    ];

    private static readonly string?[] ContentTypes =
    [
        "application/json", "application/json", "application/json; charset=utf-8", "text/plain", null, "application/json; charset=utf-16",
        "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "a/b/c;;=", "application/problem+json", "application/grpc",
    ];

    public Random Random { get; } = new(seed);

    public T Pick<T>(IReadOnlyList<T> items) => items[Random.Next(items.Count)];

    public string JsonValue() => Random.Next(20) switch
    {
        0 => Deep(Random.Next(50, 3000)),
        1 => "\"" + new string('a', Random.Next(100, 70_000)) + "\"",
        2 => "\"" + Guid.NewGuid() + "\"",
        3 => Random.NextInt64().ToString(CultureInfo.InvariantCulture),
        _ => Pick(JsonValues),
    };

    public string Deep(int depth) => new string('[', depth) + new string(']', depth);

    /// <summary>A create (or switch) body with one field replaced by a hostile value, or a structurally broken body.</summary>
    public (byte[] Body, string? ContentType) Body(string sessionId)
    {
        var contentType = Pick(ContentTypes);
        var kind = Random.Next(12);
        string text;
        switch (kind)
        {
            case 0:
                return ([], contentType);
            case 1:
                var bytes = new byte[Random.Next(1, 2048)];
                Random.NextBytes(bytes);
                return (bytes, contentType);
            case 2:
                text = JsonValue();
                break;
            case 3:
                text = Create(sessionId, Random.Next(1, 4));
                text = text[..Random.Next(text.Length)];
                break;
            case 4:
                text = Create(sessionId, Random.Next(1, 4)).Replace("\"participants\"", "\"participants\":[],\"participants\"", StringComparison.Ordinal);
                break;
            case 5:
                text = Create(sessionId, Random.Next(0, 2) == 0 ? 1001 : 1000);
                break;
            case 6:
                text = Create(sessionId, 2, metadata: "{\"k\":\"" + new string('m', Random.Next(3000, 6000)) + "\"}");
                break;
            case 7 when Random.Next(20) == 0:
                // Just over the 1 MiB body limit.
                text = "{\"metadata\":\"" + new string('x', (1024 * 1024) + 10) + "\"}";
                break;
            default:
                text = Mutate(Create(sessionId, Random.Next(1, 4)));
                break;
        }

        var encoding = contentType?.Contains("utf-16", StringComparison.Ordinal) == true ? Encoding.Unicode : Encoding.UTF8;
        return (encoding.GetBytes(text), contentType);
    }

    public string Create(string sessionId, int participants, string? metadata = null)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{{\"session_id\":\"{sessionId}\",\"sync_mode\":\"{Pick(new[] { "per_participant", "per_cycle", "per_group", "global", "count_up", "bogus" })}\",\"total_time_ms\":60000,");
        if (metadata is not null)
        {
            sb.Append("\"metadata\":").Append(metadata).Append(',');
        }

        sb.Append("\"participants\":[");
        for (var i = 0; i < participants; i++)
        {
            sb.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $"{{\"participant_id\":\"{Guid.NewGuid()}\",\"participant_index\":{i},\"total_time_ms\":30000}}");
        }

        return sb.Append("]}").ToString();
    }

    /// <summary>Replaces (or adds) one field, at the top level or in the first participant, with a hostile value.</summary>
    public string Mutate(string json)
    {
        var field = Pick(Fields);
        var value = JsonValue();
        var parts = field.Split('.');
        var name = parts[^1];
        if (parts.Length == 1 || name == "0")
        {
            var key = "\"" + parts[0] + "\":";
            var at = json.IndexOf(key, StringComparison.Ordinal);
            return at < 0 ? "{" + key + value + "," + json[1..] : json[..(at + key.Length)] + value + "," + "\"_\":" + json[(at + key.Length)..];
        }

        var participant = json.IndexOf("{\"participant_id\"", StringComparison.Ordinal);
        return participant < 0 ? json : json[..(participant + 1)] + "\"" + name + "\":" + value + "," + json[(participant + 1)..];
    }

    public string Id(IReadOnlyList<string> known) => Random.Next(10) switch
    {
        < 4 => Pick(known),
        4 => Guid.NewGuid().ToString(),
        5 => Uri.EscapeDataString("\u00e9\ud83d\ude00/.."),
        6 => new string('a', Random.Next(100, 5000)),
        7 => "%ff%fe%20",
        8 => Guid.NewGuid().ToString().ToUpperInvariant(),
        _ => "..%2F..%2Fetc",
    };
}
