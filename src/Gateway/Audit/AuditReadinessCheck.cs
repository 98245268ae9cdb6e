using SyncKairos.Audit.Reading;
using SyncKairos.Gateway.Apis;

namespace SyncKairos.Gateway.Audit;

/// <summary><c>/ready</c> fails while the audit store (PostgreSQL or the SQLite file) cannot answer.</summary>
public sealed class AuditReadinessCheck(IAuditEventReader reader) : IReadinessCheck
{
    public string Name => "audit";

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        await reader.PingAsync(cancellationToken);
        return null;
    }
}
