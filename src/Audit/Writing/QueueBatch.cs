using StackExchange.Redis;

namespace SyncKairos.Audit.Writing;

/// <summary>Entries read from an audit list, decoded: the events to write and the undecodable ones, already dead-letter formatted.</summary>
internal sealed record QueueBatch(RedisValue[] Entries, List<QueuedEvent> Events, List<byte[]> Dead);
