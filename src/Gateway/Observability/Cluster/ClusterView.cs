using System.Text.Json.Serialization;

namespace SyncKairos.Gateway.Observability.Cluster;

/// <summary>The body of <c>GET /v1/cluster</c> (inside <c>data</c>).</summary>
public sealed record ClusterView(
    [property: JsonPropertyName("self")] string Self,
    [property: JsonPropertyName("now_ms")] long NowMs,
    [property: JsonPropertyName("instances")] IReadOnlyList<InstanceHeartbeat> Instances,
    [property: JsonPropertyName("totals")] ClusterTotals Totals);
