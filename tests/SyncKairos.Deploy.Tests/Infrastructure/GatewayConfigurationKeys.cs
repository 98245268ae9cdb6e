using System.Reflection;
using SyncKairos.Audit;
using SyncKairos.Gateway.Sessions;
using SyncKairos.Grains.Storage;

namespace SyncKairos.Deploy.Tests.Infrastructure;

/// <summary>
/// Every <c>SyncKairos:...</c> key the gateway binds, found by reflection: each options class with a public
/// <c>Section</c>/<c>SectionName</c> constant under <c>SyncKairos:</c> contributes its settable properties, so a new
/// options class is picked up without editing this list.
/// </summary>
public static class GatewayConfigurationKeys
{
    private static readonly Dictionary<string, PropertyInfo> Properties = Discover();

    public static IReadOnlySet<string> All { get; } = Properties.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);

    public static bool Contains(string key) => Properties.ContainsKey(key);

    /// <summary>The value the key has when nothing configures it (a new options object's property).</summary>
    public static object? DefaultOf(string key)
    {
        var property = Properties[key];
        return property.GetValue(Activator.CreateInstance(property.DeclaringType!));
    }

    public static Type TypeOf(string key) => Properties[key].PropertyType;

    /// <summary><c>SyncKairos__Redis__ConnectionString</c> → <c>SyncKairos:Redis:ConnectionString</c>.</summary>
    public static string FromEnvironmentName(string name) => name.Replace("__", ":", StringComparison.Ordinal);

    private static Dictionary<string, PropertyInfo> Discover()
    {
        var keys = new Dictionary<string, PropertyInfo>(StringComparer.OrdinalIgnoreCase);
        Assembly[] assemblies = [typeof(SessionServices).Assembly, typeof(AuditOptions).Assembly, typeof(SyncKairos.Silo.SiloSettings).Assembly, typeof(SessionStorageOptions).Assembly];
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

            // The gateway's SessionServices names the section the silo binds to SessionStorageOptions.
            var options = type == typeof(SessionServices) ? typeof(SessionStorageOptions) : type;
            foreach (var property in options.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(IsBound))
            {
                keys[$"{section}:{property.Name}"] = property;
            }
        }

        // The deprecated old name of TtlSeconds, still honoured (SessionTtlAlias).
        keys[$"{SessionServices.Section}:SessionTtlSeconds"] = typeof(SessionStorageOptions).GetProperty(nameof(SessionStorageOptions.TtlSeconds))!;
        return keys;
    }

    /// <summary>Settable properties, and get-only lists (the configuration binder fills those in place).</summary>
    private static bool IsBound(PropertyInfo property) =>
        property.SetMethod is { IsPublic: true }
        || (property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(IList<>));
}
