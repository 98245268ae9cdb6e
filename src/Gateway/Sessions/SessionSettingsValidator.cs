using Microsoft.Extensions.Options;
using SyncKairos.Redis.Sessions;

namespace SyncKairos.Gateway.Sessions;

/// <summary>Refuses to start with unusable session settings, naming each bad key and its value.</summary>
internal sealed class SessionSettingsValidator : IValidateOptions<SessionStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, SessionStoreOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors.Select(error => $"{SessionServices.Section}:{error}"));
    }
}
