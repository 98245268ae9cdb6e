using Microsoft.Extensions.Options;

namespace SyncKairos.Gateway.Security;

/// <summary>With auth on, a gateway that could accept no token (or any token) must not start.</summary>
public sealed class AuthSettingsValidator : IValidateOptions<AuthSettings>
{
    public ValidateOptionsResult Validate(string? name, AuthSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            failures.Add("SyncKairos:Auth:Issuer is required when auth is enabled");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add("SyncKairos:Auth:Audience is required when auth is enabled");
        }

        if (string.IsNullOrWhiteSpace(options.SigningKey) && string.IsNullOrWhiteSpace(options.PublicKeyPem))
        {
            failures.Add("SyncKairos:Auth:SigningKey or :PublicKeyPem is required when auth is enabled");
        }

        if (!string.IsNullOrWhiteSpace(options.SigningKey))
        {
            try
            {
                if (Convert.FromBase64String(options.SigningKey).Length < 32)
                {
                    failures.Add("SyncKairos:Auth:SigningKey must be at least 256 bits");
                }
            }
            catch (FormatException)
            {
                // The message must not echo the value: it is a secret.
                failures.Add("SyncKairos:Auth:SigningKey is not valid base64");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
