using Microsoft.Extensions.Options;

namespace SyncKairos.Silo.Redis;

/// <summary>Rejects an unparsable connection string at start-up, naming the bad part, rather than at the first request.</summary>
internal sealed class RedisConnectionSettingsValidator : IValidateOptions<RedisConnectionSettings>
{
    public ValidateOptionsResult Validate(string? name, RedisConnectionSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.UseEmbedded)
        {
            return ValidateOptionsResult.Success;
        }

        try
        {
            RedisConnectionString.ToConfigurationOptions(options.ConnectionString);
            return ValidateOptionsResult.Success;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            return ValidateOptionsResult.Fail(RedisConnectionString.Invalid(ex));
        }
    }
}
