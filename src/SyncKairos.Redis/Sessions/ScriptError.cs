using System.Diagnostics.CodeAnalysis;
using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Redis.Sessions;

/// <summary>
/// Turns a script's error reply ("CODE message") into a <see cref="SessionException"/>.
/// Garnet prefixes script errors with "ERR ", Redis does not; both are accepted.
/// </summary>
public static class ScriptError
{
    public static bool TryParse(string text, [NotNullWhen(true)] out SessionException? error)
    {
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var span = text.AsSpan();
        if (span.StartsWith("ERR ", StringComparison.Ordinal))
        {
            span = span[4..];
        }

        var space = span.IndexOf(' ');
        if (space <= 0)
        {
            return false;
        }

        var code = span[..space].ToString();
        if (!ErrorCodes.IsKnown(code))
        {
            return false;
        }

        var message = span[(space + 1)..].ToString();
        if (code == ErrorCodes.VALIDATION_ERROR)
        {
            // The scripts' only validation failure names its field: "field: message".
            var colon = message.IndexOf(": ", StringComparison.Ordinal);
            var field = colon > 0 ? message[..colon] : "body";
            var detail = colon > 0 ? message[(colon + 2)..] : message;
            error = SessionException.Validation([new FieldError(field, detail, FieldErrorCodes.Custom)]);
            return true;
        }

        error = new SessionException(code, message);
        return true;
    }
}
