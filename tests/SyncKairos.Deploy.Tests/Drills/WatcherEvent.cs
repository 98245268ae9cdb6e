namespace SyncKairos.Deploy.Tests.Drills;

/// <summary>A message a drill watcher received: on which connection (0 = first), when, its type and state version.</summary>
public sealed record WatcherEvent(int Connection, int Gateway, double AtMs, string Type, long Version);
