using System.Buffers;
using System.Text;
using System.Text.Json;

namespace SyncKairos.Audit.Writing;

/// <summary>The JSON pushed to a dead-letter list: the original entry verbatim plus why it was refused.</summary>
internal static class DeadLetter
{
    public static byte[] Format(ReadOnlyMemory<byte> entry, string error, int attempts, long failedAtMs, string queue)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("entry", Encoding.UTF8.GetString(entry.Span));
            json.WriteString("error", error);
            json.WriteNumber("attempts", attempts);
            json.WriteNumber("failed_at", failedAtMs);
            json.WriteString("queue", queue);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
