namespace SyncKairos.Bench;

/// <summary>What <c>--help</c> prints for each command. A smoke test checks every option a gateway scenario reads is listed here.</summary>
public static class BenchUsage
{
    private const string GatewayCommon =
        "  --target URL            gateway base address (http://127.0.0.1:5000)\n" +
        "  --source-addresses N    spread client sockets over 127.0.0.2.. (0: the system picks)\n" +
        "  --max-connections N     cap on HTTP connections to the gateway (0: no cap)\n" +
        "  --gateway-pid PID       read the gateway's CPU and memory from /proc (0: not read)\n" +
        "  --out FILE              write the JSON result\n" +
        "  --compare FILE          print this run beside an earlier JSON result\n";

    private static readonly Dictionary<string, string> Texts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["switch"] =
            "switch: sessions created and started, then switches for a while; closed model (--concurrency) or open model (--rate)\n" +
            "  --sessions N            sessions to switch (1000)\n" +
            "  --seconds S             measured time (10)\n" +
            "  --concurrency N         workers, each waiting for its answer (32)\n" +
            "  --rate R                switches offered per second, whatever the answers (open model; overrides --concurrency)\n" +
            GatewayCommon,
        ["grpc-switch"] =
            "grpc-switch: the switch scenario over gRPC (SwitchCycle)\n" +
            "  --grpc-target URL       gRPC endpoint (http://127.0.0.1:5001)\n" +
            "  --sessions N            sessions to switch (1000)\n" +
            "  --seconds S             measured time (10)\n" +
            "  --concurrency N         workers (32)\n" +
            "  --rate R                switches offered per second (open model)\n" +
            GatewayCommon,
        ["fanout"] =
            "fanout: S sessions with W WebSocket watchers each; switches at a set rate; delivery latency per watcher\n" +
            "  --sessions N            sessions (10)\n" +
            "  --watchers N            watchers per session (100)\n" +
            "  --rate R                switches per second over all sessions (50)\n" +
            "  --seconds S             measured time (10)\n" +
            "  --connect-parallel N    WebSocket connects in flight while ramping (64)\n" +
            "  --watch-target URLS     where watchers connect, comma-separated, dealt out in turn (default: --target)\n" +
            GatewayCommon,
        ["connections"] =
            "connections: ramp WebSocket watchers to a target and hold them; connect rate, failures, gateway memory per connection\n" +
            "  --connections N         sockets to open (1000)\n" +
            "  --rate R                connects per second (500)\n" +
            "  --sessions N            sessions the sockets watch (100)\n" +
            "  --hold S                seconds to hold them all open (5)\n" +
            GatewayCommon,
        ["expiry"] =
            "expiry: sessions with short clocks left to run out; when the expiry push arrives after the deadline\n" +
            "  --sessions N            sessions (100)\n" +
            "  --clock-ms MS           each clock's budget (1000)\n" +
            "  --rate R                sessions started per second (50)\n" +
            GatewayCommon,
        ["mixed"] =
            "mixed: create, start, switch, get, pause, resume, complete in a realistic mix\n" +
            "  --seconds S             measured time (10)\n" +
            "  --concurrency N         workers (16)\n" +
            "  --ops-per-session N     operations in a session's life (20)\n" +
            GatewayCommon,
        ["grain"] =
            "grain: SessionGrain in an in-process silo on Redis or Garnet (no gateway), every switch durable: switches/s and latency\n" +
            "  --endpoint HOST:PORT    Redis or Garnet (127.0.0.1:6379)\n" +
            "  --label NAME            name in the result row (redis)\n" +
            "  --sessions N            sessions (10000)\n" +
            "  --seconds S             measured time (20)\n" +
            "  --concurrency N         workers (32)\n" +
            "  --warmup S              switches before the measured time, for the tiered JIT (10)\n",
        ["audit"] =
            "audit: drain a pre-filled audit list into PostgreSQL with the audit writer; events/s and CPU per event\n" +
            "  --redis HOST:PORT       Redis holding the list (127.0.0.1:6379)\n" +
            "  --postgres CONN         Npgsql connection string (or SYNCKAIROS_TEST_POSTGRES); a scratch database is made and dropped\n" +
            "  --events N              events to drain (100000)\n" +
            "  --sessions N            sessions they belong to (1000)\n" +
            "  --batch N               writer batch size (500)\n" +
            "  --concurrency N         batches in flight (the writer's default, 3)\n" +
            "  --warmup N              events drained first, untimed, so the writer runs optimised code (50000)\n",
        ["delivery"] =
            "delivery: a grain's change to a subscriber on another silo, grain observers against Orleans memory streams (two in-process silos)\n" +
            "  --sessions N            grains publishing at once each round (200)\n" +
            "  --rounds N              measured rounds (50)\n" +
            "  --warmup N              rounds first, unmeasured (10)\n" +
            "  --pull-ms N             memory streams' pulling-agent period (10)\n" +
            "  --gap-ms N              pause between rounds (50)\n" +
            "  --mechanism M           observer, stream or both (both)\n",
        ["audit-sqlite"] =
            "audit-sqlite: the SQLite audit sink's write rate into a fresh file and into a big one, same run\n" +
            "  --big-mb N              size the big file is grown to first, by one bulk insert (1024)\n" +
            "  --events N              events written to each file, timed (100000)\n" +
            "  --sessions N            sessions they belong to (1000)\n" +
            "  --batch N               events per transaction, as the writer's BatchSize (500)\n" +
            "  --dir DIR               where the files go (a scratch folder under the temp directory)\n" +
            "  --keep                  leave the files there afterwards\n",
        ["compare"] =
            "compare: SyncKairos.Bench compare first.json second.json — two results side by side with ratios\n",
    };

    public static IEnumerable<string> Commands => Texts.Keys;

    /// <summary>The help text of a command, or null when there is no such command.</summary>
    public static string? For(string command) => Texts.GetValueOrDefault(command);

    /// <summary>True when the arguments ask for help rather than a run.</summary>
    public static bool Wanted(IEnumerable<string> args) => args.Any(a => a is "--help" or "-h" or "help");
}
