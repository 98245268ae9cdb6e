using System.Text.Json;
using System.Text.Json.Nodes;
using SyncKairos.Gateway.Errors;

namespace SyncKairos.Gateway.Security;

/// <summary>
/// A participant token's switch also carries <c>expected_active_participant_id</c> = its participant: the
/// check "is this participant active" is then made again by the session grain, which runs one command at a time,
/// so a switch racing another one cannot pass the check here and then switch someone else's turn.
/// </summary>
public static class ParticipantSwitch
{
    public static async Task AddGuardAsync(HttpRequest request, string participantId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > JsonBody.MaxBytes)
        {
            return;
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length > JsonBody.MaxBytes)
        {
            Replace(request, buffer.ToArray());
            return;
        }

        JsonObject? body;
        if (buffer.Length == 0)
        {
            body = [];
            request.ContentType = "application/json";
        }
        else
        {
            try
            {
                body = JsonNode.Parse(buffer.ToArray()) as JsonObject;
            }
            catch (JsonException)
            {
                body = null;
            }
        }

        if (body is null)
        {
            // Malformed: the handler answers 400 as for anyone else.
            Replace(request, buffer.ToArray());
            return;
        }

        body["expected_active_participant_id"] = participantId;
        Replace(request, JsonSerializer.SerializeToUtf8Bytes(body));
    }

    private static void Replace(HttpRequest request, byte[] bytes)
    {
        request.Body = new MemoryStream(bytes, writable: false);
        request.ContentLength = bytes.Length;
    }
}
