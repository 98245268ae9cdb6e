namespace SyncKairos.Gateway.Apis;

/// <summary>
/// One dependency <c>GET /ready</c> checks besides Redis (e.g. the audit store). Register implementations as
/// singletons; a check returns null when ready, else a short reason.
/// </summary>
public interface IReadinessCheck
{
    string Name { get; }

    Task<string?> CheckAsync(CancellationToken cancellationToken);
}
