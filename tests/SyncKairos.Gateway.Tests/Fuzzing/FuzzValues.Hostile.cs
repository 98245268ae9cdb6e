using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Unicode;

namespace SyncKairos.Gateway.Tests.Fuzzing;

/// <summary>
/// Hostile input built byte by byte: metadata with lone surrogates, invalid UTF-8 and nesting around the limits,
/// switch bodies, raw HTTP/1.1 framing and WebSocket frames. Each generator also says what the gateway must do
/// where that is known (a body it cannot store must be refused; a frame over a limit closes with that limit).
/// </summary>
public sealed partial class FuzzValues
{
    /// <summary>The metadata nesting limit of API.md's contract, as <c>Limits.MaxMetadataDepth</c>.</summary>
    public const int MetadataDepthLimit = 32;

    public const int MetadataByteLimit = 4096;

    public const int WebSocketFrameLimit = 4096;

    private static readonly string[] BenignFragments =
    [
        "abc", "\\u0000", "\\\"", "\\\\", "\\ud83d\\ude00", "\\uD83D\\uDE00", "\u00e9", "\u4e2d", "\U0001F600", "\\n", "\\/", " ", "\u202e", "\\uffff", "\\ufffe",
    ];

    private static readonly string[] SurrogateFragments =
    [
        "\\ud800", "\\udfff", "\\udc00", "\\ud800\\u0041", "\\ude00\\ud83d", "\\udbff\\udbff", "\\uDBFF", "x\\ud800", "\\ud800\\n",
    ];

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xFF], [0xFE], [0x80], [0xBF], [0xC0, 0xAF], [0xC1, 0x81], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF],
        [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xC3],
    ];

    private static readonly string[] HugeNumbers =
    [
        "1e400", "-1e400", "1E-400", "123456789012345678901234567890123456789", "-0", "0.0000000000000000000000001", "9223372036854775808",
        "-9223372036854775809", "1.7976931348623157e308", "4.9e-324", "18446744073709551616",
    ];

    private static readonly string[] SafeModes = ["per_participant", "global", "count_up"];

    /// <summary>A create body that is valid except (often) for its metadata; <c>MustRefuse</c> when the metadata cannot be stored.</summary>
    public (byte[] Body, bool MustRefuse, bool Known) HostileCreate(string sessionId)
    {
        var body = new ByteWriter();
        body.Ascii(FormattableString.Invariant($"{{\"session_id\":\"{sessionId}\",\"sync_mode\":\"{Pick(SafeModes)}\",\"total_time_ms\":60000,\"participants\":["));
        var participants = Random.Next(1, 4);
        for (var i = 0; i < participants; i++)
        {
            body.Ascii(FormattableString.Invariant($"{(i == 0 ? "" : ",")}{{\"participant_id\":\"{Guid.NewGuid()}\",\"participant_index\":{i},\"total_time_ms\":30000}}"));
        }

        body.Ascii("],\"metadata\":");
        var mustRefuse = Metadata(body);
        body.Ascii("}");

        // One in six also gets a hostile top-level field: the outcome is then not known beforehand.
        if (Random.Next(6) == 0)
        {
            return (HostileTopLevel(body.ToArray()), mustRefuse, false);
        }

        return (body.ToArray(), mustRefuse, true);
    }

    /// <summary>A switch body whose fields carry hostile strings, numbers and nesting.</summary>
    public byte[] HostileSwitch(IReadOnlyList<string> participants)
    {
        var body = new ByteWriter();
        body.Ascii("{");
        var fields = new[] { "next_participant_id", "expected_active_participant_id", "request_id", "\\ud800", "x" };
        var count = Random.Next(0, 4);
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                body.Ascii(",");
            }

            body.Ascii("\"").Ascii(Pick(fields)).Ascii("\":");
            switch (Random.Next(6))
            {
                case 0 when participants.Count > 0:
                    body.Ascii("\"").Ascii(Pick(participants)).Ascii("\"");
                    break;
                case 1:
                    HostileString(body, hostile: true);
                    break;
                case 2:
                    body.Ascii(Pick(HugeNumbers));
                    break;
                case 3:
                    Nested(body, Random.Next(1, 80), hostileLeaf: false);
                    break;
                case 4:
                    body.Ascii("\"").Ascii(new string('r', Random.Next(60, 70))).Ascii("\"");
                    break;
                default:
                    HostileString(body, hostile: Random.Next(2) == 0);
                    break;
            }
        }

        body.Ascii("}");
        return body.ToArray();
    }

    /// <summary>An HTTP/1.1 request carrying <paramref name="body"/> with hostile framing or headers; <c>HalfClose</c> when the request is cut short on purpose.</summary>
    public (byte[] Request, bool HalfClose) RawRequest(string path, byte[] body)
    {
        var headers = new List<string> { "Content-Type: application/json" };
        byte[] payload;
        var halfClose = false;
        switch (Random.Next(12))
        {
            case 0:
                // Valid chunked framing in random pieces.
                payload = ValidChunks(body);
                headers.Add("Transfer-Encoding: chunked");
                break;
            case 1:
                payload = [.. Encoding.ASCII.GetBytes(Pick(new[] { "fffffffffffffffffff", "ffffffffffffffff", "7fffffff", "80000000", "100000000", "-1", "0x10", "zz", " 5", "+5", "" }) + "\r\n"), .. body, .. "\r\n0\r\n\r\n"u8.ToArray()];
                headers.Add("Transfer-Encoding: chunked");
                break;
            case 2:
                // A chunk extension, sometimes with bytes no extension may hold.
                payload = [.. Encoding.Latin1.GetBytes(body.Length.ToString("x", CultureInfo.InvariantCulture) + ";" + Pick(new[] { "a=b", "a=\"b\"", "\u0001", "\u00ff", new string('e', 5000) }) + "\r\n"), .. body, .. "\r\n0\r\n\r\n"u8.ToArray()];
                headers.Add("Transfer-Encoding: chunked");
                break;
            case 3:
                // Chunk data longer or shorter than its size line says.
                payload = [.. Encoding.ASCII.GetBytes((body.Length + Random.Next(-3, 4)).ToString("x", CultureInfo.InvariantCulture) + "\r\n"), .. body, .. "\r\n0\r\n\r\n"u8.ToArray()];
                headers.Add("Transfer-Encoding: chunked");
                halfClose = true;
                break;
            case 4:
                payload = body;
                headers.Add($"Content-Length: {body.Length}");
                headers.Add("Transfer-Encoding: chunked");
                break;
            case 5:
                payload = body;
                headers.Add("Content-Length: " + Pick(new[] { "-1", "99999999999999999999", "1e3", "0x10", $"{body.Length}, {body.Length}", "", " " + body.Length }));
                halfClose = true;
                break;
            case 6:
                payload = body;
                headers.Add($"Content-Length: {body.Length}");
                headers.Add($"Content-Length: {body.Length + 1}");
                break;
            case 7:
                payload = ValidChunks(body);
                headers.Add("Transfer-Encoding: " + Pick(new[] { "gzip, chunked", "chunked, gzip", "identity", "CHUNKED", "chunked\u0000" }));
                halfClose = true;
                break;
            case 8:
                payload = body;
                headers.Add($"Content-Length: {body.Length}");
                headers.Add(Pick(new[] { "X-Long: " + new string('h', Random.Next(8_000, 70_000)), "X-Bin: \u0001\u007f\u00ff", "X-Folded: a\r\n b", "Content-Type: application/json; charset=\u00ff", ": empty", "Bad Header: x", "Expect: 100-continue", "X-Forwarded-For: \u00ff, ::1, 999.1.1.1" }));
                break;
            case 9:
                payload = body;
                headers.Add($"Content-Length: {body.Length}");
                headers.AddRange(Enumerable.Range(0, Random.Next(90, 140)).Select(i => $"X-H{i}: {i}"));
                break;
            case 10:
                // Cut short: the connection ends mid-body.
                payload = body[..Random.Next(body.Length)];
                headers.Add($"Content-Length: {body.Length}");
                halfClose = true;
                break;
            default:
                payload = body;
                headers.Add($"Content-Length: {body.Length}");
                break;
        }

        return (Infrastructure.RawHttp.Request("POST", path, headers, payload), halfClose);
    }

    /// <summary>A WebSocket frame a client might send; <c>Closes</c> is the close status a documented limit answers it with, else null.</summary>
    public (byte[] Payload, WebSocketMessageType Type, bool Fragmented, WebSocketCloseStatus? Closes) HostileFrame()
    {
        var frame = new ByteWriter();
        switch (Random.Next(10))
        {
            case 0:
                var binary = new byte[Random.Next(1, 600)];
                Random.NextBytes(binary);
                return (binary, WebSocketMessageType.Binary, false, null);
            case 1 when Random.Next(4) == 0:
                return (Encoding.ASCII.GetBytes(new string(' ', WebSocketFrameLimit + Random.Next(1, 50))), WebSocketMessageType.Text, Random.Next(2) == 0, WebSocketCloseStatus.MessageTooBig);
            case 2 when Random.Next(4) == 0:
                // Text that is not UTF-8: RFC 6455 makes this a protocol error (1007), answered by the WebSocket layer.
                frame.Ascii("{\"type\":\"").Bytes(Pick(InvalidUtf8)).Ascii("\"}");
                return (frame.ToArray(), WebSocketMessageType.Text, false, WebSocketCloseStatus.InvalidPayloadData);
            case 3:
                frame.Ascii("{\"type\":");
                HostileString(frame, hostile: true);
                frame.Ascii("}");
                break;
            case 4:
                frame.Ascii("{");
                HostileString(frame, hostile: true);
                frame.Ascii(":1,\"type\":\"").Ascii(Pick(new[] { "PING", "RECONNECT" })).Ascii("\"}");
                break;
            case 5:
                frame.Ascii("{\"type\":\"PING\",\"client_time\":").Ascii(Random.Next(3) == 0 ? Pick(HugeNumbers) : "\"\\ud800\"").Ascii("}");
                break;
            case 6:
                Nested(frame, Random.Next(60, 1500), hostileLeaf: Random.Next(2) == 0);
                break;
            case 7:
                frame.Ascii("{\"type\":\"RECONNECT\",\"x\":");
                Nested(frame, Random.Next(1, 70), hostileLeaf: true);
                frame.Ascii("}");
                break;
            default:
                var value = JsonValue();
                frame.Utf8(value[..Math.Min(value.Length, 3000)]);
                break;
        }

        var bytes = frame.ToArray();
        if (bytes.Length > WebSocketFrameLimit)
        {
            bytes = bytes[..WebSocketFrameLimit];
        }

        // Raw invalid UTF-8 in a text message fails the WebSocket layer's check (1007) before the gateway sees it.
        return (bytes, WebSocketMessageType.Text, Random.Next(4) == 0, Utf8.IsValid(bytes) ? null : WebSocketCloseStatus.InvalidPayloadData);
    }

    /// <summary>Writes a metadata value; returns true when it breaks a rule (so the create must be refused).</summary>
    private bool Metadata(ByteWriter body)
    {
        var start = (int)body.Length;
        bool hostile;
        switch (Random.Next(9))
        {
            case 0:
                body.Ascii(Pick(new[] { "null", "[]", "[1]", "\"x\"", "1", "true", "{}" }));
                var text = Encoding.ASCII.GetString(body.ToArray()[start..]);
                return text is not ("null" or "{}");
            case 1:
            case 2:
                // Around the depth limits: ours, and the parser's and writer's 64.
                var depth = Pick(new[] { 1, 2, MetadataDepthLimit - 1, MetadataDepthLimit, MetadataDepthLimit + 1, 62, 63, 64, 65, Random.Next(2, 200) });
                hostile = Nested(body, depth, hostileLeaf: Random.Next(5) == 0) || depth > MetadataDepthLimit;
                break;
            case 3:
                // Around the size limit.
                var size = MetadataByteLimit + Random.Next(-3, 4);
                body.Ascii("{\"k\":\"").Ascii(new string('m', size - 8)).Ascii("\"}");
                return size > MetadataByteLimit;
            case 4:
                body.Ascii("{");
                for (var i = 0; i < HugeNumbers.Length; i++)
                {
                    body.Ascii(FormattableString.Invariant($"{(i == 0 ? "" : ",")}\"n{i}\":{HugeNumbers[i]}"));
                }

                body.Ascii("}");
                hostile = false;
                break;
            default:
                hostile = Flat(body);
                break;
        }

        return hostile || body.Length - start > MetadataByteLimit;
    }

    /// <summary>An object of a few entries; now and then one key or value carries hostile text. True when it does.</summary>
    private bool Flat(ByteWriter body)
    {
        var entries = Random.Next(1, 6);
        var hostileAt = Random.Next(2) == 0 ? Random.Next(entries * 2) : -1;
        var hostile = false;
        body.Ascii("{");
        for (var i = 0; i < entries; i++)
        {
            if (i > 0)
            {
                body.Ascii(",");
            }

            hostile |= HostileString(body, hostile: hostileAt == i * 2);
            body.Ascii(":");
            switch (Random.Next(5))
            {
                case 0:
                    body.Ascii(Pick(HugeNumbers));
                    break;
                case 1:
                    body.Ascii("[");
                    hostile |= HostileString(body, hostile: hostileAt == (i * 2) + 1);
                    body.Ascii(",null,true]");
                    break;
                case 2:
                    body.Ascii("{\"in\":");
                    hostile |= HostileString(body, hostile: hostileAt == (i * 2) + 1);
                    body.Ascii("}");
                    break;
                default:
                    hostile |= HostileString(body, hostile: hostileAt == (i * 2) + 1);
                    break;
            }
        }

        body.Ascii("}");
        return hostile;
    }

    /// <summary>Objects and arrays alternating, <paramref name="depth"/> levels, the outermost an object. True when the leaf is hostile.</summary>
    private bool Nested(ByteWriter body, int depth, bool hostileLeaf)
    {
        for (var i = 1; i < depth; i++)
        {
            body.Ascii(i % 2 == 0 ? "[" : "{\"a\":");
        }

        body.Ascii("{\"leaf\":");
        var hostile = HostileString(body, hostileLeaf);
        body.Ascii("}");
        for (var i = depth - 1; i >= 1; i--)
        {
            body.Ascii(i % 2 == 0 ? "]" : "}");
        }

        return hostile;
    }

    /// <summary>A JSON string of benign fragments, with one hostile fragment (lone surrogate, invalid UTF-8) when asked. Returns <paramref name="hostile"/>.</summary>
    private bool HostileString(ByteWriter body, bool hostile)
    {
        body.Ascii("\"");
        var parts = Random.Next(1, 4);
        var hostileAt = Random.Next(parts);
        for (var i = 0; i < parts; i++)
        {
            if (hostile && i == hostileAt)
            {
                if (Random.Next(2) == 0)
                {
                    body.Ascii(Pick(SurrogateFragments));
                }
                else
                {
                    body.Bytes(Pick(InvalidUtf8));
                }
            }
            else
            {
                body.Utf8(Pick(BenignFragments));
            }
        }

        body.Ascii("\"");
        return hostile;
    }

    private byte[] HostileTopLevel(byte[] body)
    {
        var field = new ByteWriter();
        field.Ascii("{");
        if (Random.Next(2) == 0)
        {
            HostileString(field, hostile: true);
            field.Ascii(":1,");
        }
        else
        {
            field.Ascii("\"").Ascii(Pick(new[] { "sync_mode", "expiry_policy", "total_time_ms", "increment_ms", "session_id", "delay_ms" })).Ascii("\":");
            if (Random.Next(2) == 0)
            {
                HostileString(field, hostile: true);
            }
            else
            {
                field.Ascii(Pick(HugeNumbers));
            }

            field.Ascii(",");
        }

        // Duplicate keys: the later (valid) value of a field wins or the body is refused; either way no 5xx.
        return [.. field.ToArray(), .. body[1..]];
    }

    private byte[] ValidChunks(byte[] body)
    {
        var output = new ByteWriter();
        var at = 0;
        while (at < body.Length)
        {
            var size = Math.Min(body.Length - at, Random.Next(1, 300));
            output.Ascii(size.ToString("x", CultureInfo.InvariantCulture) + "\r\n").Bytes(body.AsSpan(at, size)).Ascii("\r\n");
            at += size;
        }

        return output.Ascii("0\r\n\r\n").ToArray();
    }

    private sealed class ByteWriter
    {
        private readonly MemoryStream _stream = new();

        public long Length => _stream.Length;

        public ByteWriter Ascii(string text)
        {
            _stream.Write(Encoding.Latin1.GetBytes(text));
            return this;
        }

        public ByteWriter Utf8(string text)
        {
            _stream.Write(Encoding.UTF8.GetBytes(text));
            return this;
        }

        public ByteWriter Bytes(ReadOnlySpan<byte> bytes)
        {
            _stream.Write(bytes);
            return this;
        }

        public byte[] ToArray() => _stream.ToArray();
    }
}
