using System.Diagnostics.Metrics;
using Grpc.Core;
using SyncKairos.Gateway.WebSockets;

namespace SyncKairos.Gateway.Observability.Metrics;

/// <summary>
/// The gateway's instruments (meter <c>SyncKairos.Gateway</c>) under docs/API.md's names. Request figures are
/// recorded by <see cref="RequestMetricsMiddleware"/>, expiry lag by the sweeper's event, gauges are read
/// when scraped.
/// </summary>
public sealed class GatewayMetrics : IDisposable
{
    public const string MeterName = "SyncKairos.Gateway";

    private readonly Meter _meter;
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _requestDuration;
    private readonly Histogram<double> _switchDuration;
    private readonly Counter<long> _transitions;
    private readonly Histogram<double> _expiryLag;
    private long _switches;
    private long _runningSessions;

    public GatewayMetrics(IMeterFactory meterFactory, IServiceProvider services)
    {
        _meter = meterFactory.Create(MeterName);
        _requests = _meter.CreateCounter<long>("synckairos_http_requests_total", "{request}", "HTTP requests served, by route template and status");
        _requestDuration = _meter.CreateHistogram<double>("synckairos_http_request_duration_ms", "ms", "HTTP request duration in the gateway, by route template");
        _switchDuration = _meter.CreateHistogram<double>("synckairos_switch_cycle_duration_ms", "ms", "Switch duration in the gateway, REST and gRPC (request in to response out)");
        _transitions = _meter.CreateCounter<long>("synckairos_session_transitions_total", "{transition}", "Session commands by command and result (ok, rejected, failed)");
        _expiryLag = _meter.CreateHistogram<double>("synckairos_expiry_lag_ms", "ms", "Time from a clock's deadline to the sweeper expiring it");
        _meter.CreateObservableGauge("synckairos_active_sessions", () => Interlocked.Read(ref _runningSessions), "{session}",
            "Running sessions (with a deadline) in the shared store, as of the last GET /v1/cluster");
        _meter.CreateObservableGauge("synckairos_websocket_connections", () => services.GetService<FanOutHub>()?.ConnectionCount ?? 0, "{connection}",
            "Open WebSocket connections on this instance");
        _meter.CreateObservableCounter("synckairos_ws_messages_sent_total", () => WatcherConnection.MessagesSent, "{message}",
            "WebSocket messages written to clients by this instance");
    }

    /// <summary>Switches served by this instance since start (REST and gRPC), for the heartbeat's switches/s.</summary>
    public long Switches => Interlocked.Read(ref _switches);

    public long RunningSessions
    {
        get => Interlocked.Read(ref _runningSessions);
        set => Interlocked.Exchange(ref _runningSessions, value);
    }

    public void RecordRequest(string method, string route, int statusCode, double durationMs)
    {
        var status = statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _requests.Add(1, new("method", method), new("route", route), new("status_code", status));
        _requestDuration.Record(durationMs, new KeyValuePair<string, object?>("method", method), new("route", route));
    }

    /// <summary>A transition's result label from its REST status: ok, rejected (the client's fault) or failed.</summary>
    public static string ResultOf(int statusCode) => statusCode switch
    {
        < 400 => "ok",
        < 500 => "rejected",
        _ => "failed",
    };

    /// <summary>The same three results for a gRPC status, as its HTTP mapping would classify it.</summary>
    public static string ResultOf(StatusCode status) => status switch
    {
        StatusCode.OK => "ok",
        StatusCode.Unknown or StatusCode.DeadlineExceeded or StatusCode.Unimplemented
            or StatusCode.Internal or StatusCode.Unavailable or StatusCode.DataLoss => "failed",
        _ => "rejected",
    };

    /// <param name="result">ok, rejected or failed (<see cref="ResultOf(int)"/>).</param>
    public void RecordTransition(string command, string result, double durationMs)
    {
        _transitions.Add(1, new KeyValuePair<string, object?>("command", command), new("result", result));
        if (command == "switch")
        {
            _switchDuration.Record(durationMs);
            if (result == "ok")
            {
                Interlocked.Increment(ref _switches);
            }
        }
    }

    public void RecordExpiry(long lagMs)
    {
        _expiryLag.Record(lagMs);
        _transitions.Add(1, new KeyValuePair<string, object?>("command", "expire"), new("result", "ok"));
    }

    public void Dispose() => _meter.Dispose();
}
