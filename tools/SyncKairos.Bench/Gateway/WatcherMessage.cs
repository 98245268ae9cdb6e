using System.Text.Json;

namespace SyncKairos.Bench.Gateway;

/// <summary>The few fields a watcher needs from a server message: type, and the state's version, status and deadline.</summary>
public readonly record struct WatcherMessage(string? Type, long? Version, string? Status, string? DeadlineAt)
{
    /// <summary>Scans the message once without building a document (the fan-out client parses hundreds of thousands per second).</summary>
    public static WatcherMessage Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        string? type = null;
        string? status = null;
        string? deadline = null;
        long? version = null;
        var inState = false;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            if (reader.CurrentDepth == 1)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    type = reader.GetString();
                }
                else if (reader.ValueTextEquals("state"u8))
                {
                    inState = true;
                }
                else
                {
                    inState = false;
                }
            }
            else if (reader.CurrentDepth == 2 && inState)
            {
                if (reader.ValueTextEquals("version"u8))
                {
                    reader.Read();
                    version = reader.GetInt64();
                }
                else if (reader.ValueTextEquals("status"u8))
                {
                    reader.Read();
                    status = reader.GetString();
                }
                else if (reader.ValueTextEquals("deadline_at"u8))
                {
                    reader.Read();
                    deadline = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
            }
        }

        return new WatcherMessage(type, version, status, deadline);
    }
}
