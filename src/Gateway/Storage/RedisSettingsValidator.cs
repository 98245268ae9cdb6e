using Microsoft.Extensions.Options;
using SyncKairos.Redis.Client;

namespace SyncKairos.Gateway.Storage;

/// <summary>Rejects an unparsable connection string at start-up rather than at the first request.</summary>
internal sealed class RedisSettingsValidator : IValidateOptions<RedisSettings>
{
    public ValidateOptionsResult Validate(string? name, RedisSettings options)
    {
        if (options.UseEmbedded)
        {
            return ValidateOptionsResult.Success;
        }

        try
        {
            RedisOptions.Parse(options.ConnectionString);
            return ValidateOptionsResult.Success;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            return ValidateOptionsResult.Fail($"{RedisSettings.Section}:ConnectionString is invalid: {ex.Message}");
        }
    }
}
