using System.Reflection;
using SyncKairos.Audit;
using SyncKairos.Gateway.Sessions;
using SyncKairos.Gateway.Storage;
using SyncKairos.Redis.Sessions;

namespace SyncKairos.Deploy.Tests.Infrastructure;

/// <summary>
/// Every <c>SyncKairos:...</c> key the gateway binds, found by reflection: each options class with a public
/// <c>Section</c>/<c>SectionName</c> constant under <c>SyncKairos:</c> contributes its settable properties, so a new
/// options class is picked up without editing this list.
/// </summary>
public static class GatewayConfigurationKeys
{
    public static IReadOnlySet<string> All { get; } = Discover();

    public static bool Contains(string key) => All.Contains(key);

    /// <summary><c>SyncKairos__Redis__ConnectionString</c> → <c>SyncKairos:Redis:ConnectionString</c>.</summary>
    public static string FromEnvironmentName(string name) => name.Replace("__", ":", StringComparison.Ordinal);

    private static HashSet<string> Discover()
    {
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        Assembly[] assemblies = [typeof(RedisSettings).Assembly, typeof(AuditOptions).Assembly, typeof(SessionStoreOptions).Assembly];
        foreach (var type in assemblies.SelectMany(a => a.GetTypes()))
        {
            var section = type.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral && f.Name is "Section" or "SectionName" && f.FieldType == typeof(string))
                .Select(f => (string?)f.GetRawConstantValue())
                .FirstOrDefault(v => v is not null && v.StartsWith("SyncKairos:", StringComparison.Ordinal));
            if (section is null)
            {
                continue;
            }

            // The sessions section binds SessionStoreOptions (from SyncKairos.Redis) through a static registrar.
            var options = type == typeof(SessionServices) ? typeof(SessionStoreOptions) : type;
            foreach (var property in options.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }))
            {
                keys.Add($"{section}:{property.Name}");
            }
        }

        // SessionServices also reads this short alias of SessionTtlSeconds (DESIGN.md's name).
        keys.Add($"{SessionServices.Section}:TtlSeconds");
        return keys;
    }
}
