using Microsoft.Extensions.Options;
using SyncKairos.Grains.Storage;

namespace SyncKairos.Gateway.Sessions;

/// <summary>Refuses to start with unusable session settings, naming each bad key and its value.</summary>
internal sealed class SessionSettingsValidator : IValidateOptions<SessionStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, SessionStorageOptions options)
    {
        var errors = new List<string>();
        CheckPositive(errors, nameof(options.TtlSeconds), options.TtlSeconds);
        CheckPositive(errors, nameof(options.DeadlineBuckets), options.DeadlineBuckets);
        CheckPositive(errors, nameof(options.AuditBuckets), options.AuditBuckets);
        if (string.IsNullOrEmpty(options.KeyPrefix))
        {
            errors.Add("KeyPrefix is empty.");
        }
        else if (options.KeyPrefix.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            // Braces would change the Redis Cluster hash tag every key relies on.
            errors.Add($"KeyPrefix '{options.KeyPrefix}' contains a brace.");
        }

        return errors.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors.Select(error => $"{SessionServices.Section}:{error}"));
    }

    private static void CheckPositive(List<string> errors, string name, int value)
    {
        if (value < 1)
        {
            errors.Add($"{name} {value} must be at least 1.");
        }
    }
}
