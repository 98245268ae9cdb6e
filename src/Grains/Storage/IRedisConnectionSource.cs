using StackExchange.Redis;

namespace SyncKairos.Grains.Storage;

/// <summary>
/// Where the storage gets the process's shared multiplexer, read on each use: services built before the silo
/// starts (hosted services) may hold the storage before the connection exists.
/// </summary>
public interface IRedisConnectionSource
{
    IConnectionMultiplexer Multiplexer { get; }
}
