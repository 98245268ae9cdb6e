namespace SyncKairos.Silo;

/// <summary>The silo configuration every host shares (gateway silo and headless silo).</summary>
public static class SiloHosting
{
    /// <summary>Co-hosts an Orleans silo running SessionGrain in this application.</summary>
    public static IHostApplicationBuilder AddSyncKairosSilo(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Filled in by the engine change: clustering, storage, observers, embedded Garnet.
        return builder;
    }
}
