using Microsoft.Extensions.Options;

namespace SyncKairos.Gateway.Security;

/// <summary>"Any origin" together with credentials would let every site act as the user: refuse to start.</summary>
public sealed class CorsSettingsValidator : IValidateOptions<CorsSettings>
{
    public ValidateOptionsResult Validate(string? name, CorsSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.AllowCredentials && options.AllowedOrigins.Contains("*")
            ? ValidateOptionsResult.Fail("SyncKairos:Cors:AllowedOrigins cannot contain * when AllowCredentials is true")
            : ValidateOptionsResult.Success;
    }
}
