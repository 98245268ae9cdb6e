using System.Buffers;
using System.Text.Json;

namespace SyncKairos.Gateway.WebSockets;

/// <summary>Serializes the server → client messages of docs/API.md (camelCase envelope, snake_case state).</summary>
public static class WebSocketMessages
{
    public const string Connected = "CONNECTED";
    public const string StateUpdate = "STATE_UPDATE";
    public const string StateSync = "STATE_SYNC";
    public const string SessionDeleted = "SESSION_DELETED";
    public const string Pong = "PONG";
    public const string Error = "ERROR";

    public static byte[] Simple(string type, string sessionId, long timestamp) => Write(writer =>
    {
        writer.WriteString("type", type);
        writer.WriteString("sessionId", sessionId);
        writer.WriteNumber("timestamp", timestamp);
    });

    /// <summary>STATE_UPDATE or STATE_SYNC around an already serialized SyncState.</summary>
    public static byte[] State(string type, string sessionId, long timestamp, ReadOnlySpan<byte> stateJson)
    {
        var json = stateJson.ToArray();
        return Write(writer =>
        {
            writer.WriteString("type", type);
            writer.WriteString("sessionId", sessionId);
            writer.WriteNumber("timestamp", timestamp);
            writer.WritePropertyName("state");
            writer.WriteRawValue(json, skipInputValidation: true);
        });
    }

    /// <summary>PONG, echoing the client's <c>client_time</c> exactly as sent when it is a number.</summary>
    public static byte[] PongMessage(long timestamp, JsonElement? clientTime) => Write(writer =>
    {
        writer.WriteString("type", Pong);
        writer.WriteNumber("timestamp", timestamp);
        if (clientTime is { ValueKind: JsonValueKind.Number } value)
        {
            writer.WritePropertyName("client_time");
            value.WriteTo(writer);
        }
    });

    public static byte[] ErrorMessage(string code, string message) => Write(writer =>
    {
        writer.WriteString("type", Error);
        writer.WriteString("code", code);
        writer.WriteString("message", message);
    });

    /// <summary>A refused request as ERROR, with docs/API.md's code and message.</summary>
    public static byte[] ErrorMessage(SyncKairos.Grains.Abstractions.SessionError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return ErrorMessage(error.Code, error.Message);
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
