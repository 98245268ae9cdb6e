using SyncKairos.Redis.Protocol;

namespace SyncKairos.Audit.Writing;

/// <summary>The one Redis capability the audit writer needs: send a command, get its reply.</summary>
internal interface IAuditRedis
{
    Task<RespValue> ExecuteAsync(string command, RedisArg[] args, CancellationToken cancellationToken);
}
