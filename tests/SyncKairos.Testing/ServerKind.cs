namespace SyncKairos.Testing;

/// <summary>The Redis-compatible servers the suites run against.</summary>
public enum ServerKind
{
    Redis,
    Garnet,
}
