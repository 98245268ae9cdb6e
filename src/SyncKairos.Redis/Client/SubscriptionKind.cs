namespace SyncKairos.Redis.Client;

/// <summary>The four pub/sub confirmations the server sends, one per channel or pattern.</summary>
internal enum SubscriptionKind
{
    Subscribe,
    Unsubscribe,
    PSubscribe,
    PUnsubscribe,
}
