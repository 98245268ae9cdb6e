using System.Text;
using StackExchange.Redis;

// The least a durable REST switch can cost on this machine: Kestrel parses the request, one Redis write of a
// state-sized value, and a response body the size of the gateway's real switch response. The bench tool's
// `switch` scenario drives it unchanged (create and start answer without touching Redis state rules).
//   dotnet run -c Release --project tools/floor/RestFloor -- --urls http://127.0.0.1:5080 --redis 127.0.0.1:6379
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var redis = await ConnectionMultiplexer.ConnectAsync(builder.Configuration["redis"] ?? "127.0.0.1:6379");
var db = redis.GetDatabase();
var state = FloorBodies.State(builder.Configuration.GetValue("state-bytes", 760));
var switched = FloorBodies.Envelope(builder.Configuration.GetValue("switch-bytes", 640));
var created = FloorBodies.Envelope(builder.Configuration.GetValue("create-bytes", 900));
var ttl = TimeSpan.FromHours(1);

var app = builder.Build();
app.MapPost("/v1/sessions", (HttpContext context) =>
{
    context.Response.StatusCode = StatusCodes.Status201Created;
    context.Response.ContentType = "application/json";
    return context.Response.Body.WriteAsync(created).AsTask();
});
app.MapPost("/v1/sessions/{id}/start", () => Results.Bytes(created, "application/json"));
app.MapPost("/v1/sessions/{id}/switch", async (string id) =>
{
    await db.StringSetAsync("floor:{" + id + "}", state, ttl);
    return Results.Bytes(switched, "application/json");
});
await app.RunAsync();

/// <summary>Bodies of a given size: the stored state and the <c>{"data": ...}</c> envelope the client reads.</summary>
internal static class FloorBodies
{
    public static byte[] State(int bytes) => Encoding.UTF8.GetBytes("{\"pad\":\"" + new string('x', Math.Max(0, bytes - 10)) + "\"}");

    // The bench reads data.session_id from create; any UUID will do, the floor keeps no sessions.
    public static byte[] Envelope(int bytes)
    {
        const string head = "{\"data\":{\"session_id\":\"00000000-0000-4000-8000-000000000000\",\"version\":1,\"pad\":\"";
        return Encoding.UTF8.GetBytes(head + new string('x', Math.Max(0, bytes - head.Length - 3)) + "\"}}");
    }
}
