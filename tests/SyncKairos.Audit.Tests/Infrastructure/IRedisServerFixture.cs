using SyncKairos.Testing;

namespace SyncKairos.Audit.Tests.Infrastructure;

/// <summary>A shared Redis-compatible server: redis-server, or Garnet as embedded mode runs it.</summary>
public interface IRedisServerFixture
{
    RedisServerProcess Server { get; }
}
