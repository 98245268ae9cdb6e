using Microsoft.Extensions.Options;
using SyncKairos.Grains.Storage;

namespace SyncKairos.Gateway.Sessions;

/// <summary>
/// Honours the old key <c>SyncKairos:Sessions:SessionTtlSeconds</c> when <c>TtlSeconds</c> is not set, and
/// warns (once) that it is deprecated; with both set, <c>TtlSeconds</c> wins.
/// </summary>
internal sealed partial class SessionTtlAlias(IConfiguration configuration, ILogger<SessionTtlAlias> logger)
    : IPostConfigureOptions<SessionStorageOptions>
{
    private const string Key = $"{SessionServices.Section}:SessionTtlSeconds";

    private const string CurrentKey = $"{SessionServices.Section}:{nameof(SessionStorageOptions.TtlSeconds)}";

    // The options are built more than once at start-up (start-up validation, then IOptions<T>).
    private int _warned;

    public void PostConfigure(string? name, SessionStorageOptions options)
    {
        var alias = configuration[Key];
        if (alias is null)
        {
            return;
        }

        var current = configuration[CurrentKey];
        if (current is null)
        {
            options.TtlSeconds = configuration.GetValue<int>(Key);
        }

        if (Interlocked.Exchange(ref _warned, 1) == 0)
        {
            LogDeprecated(logger, Key, CurrentKey, current is null ? "used" : "ignored, since the new key is set");
        }
    }

    [LoggerMessage(EventId = 5350, Level = LogLevel.Warning, Message = "{OldKey} is deprecated: set {NewKey} instead (the old value is {Outcome})")]
    private static partial void LogDeprecated(ILogger logger, string oldKey, string newKey, string outcome);
}
