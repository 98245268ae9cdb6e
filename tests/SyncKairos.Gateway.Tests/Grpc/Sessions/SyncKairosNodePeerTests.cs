using System.Text.Json;
using Google.Rpc;
using Grpc.Core;

namespace SyncKairos.Gateway.Tests.Grpc.Sessions;

/// <summary>@grpc/grpc-js, loading protos/synckairos/v1/synckairos.proto, against the real service.</summary>
public sealed class SyncKairosNodePeerTests(SessionGrpcServer server) : IClassFixture<SessionGrpcServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryMethodFromARealClient()
    {
        var r = await NodeGrpcPeer.RunSessionsAsync(server.Address, "lifecycle", new { }, Ct);
        var participants = r.GetProperty("participants").EnumerateArray().Select(p => p.GetString()).ToArray();

        AssertStep(r, "create", "SESSION_STATUS_PENDING", 1, null);
        AssertStep(r, "start", "SESSION_STATUS_RUNNING", 2, participants[0]);
        AssertStep(r, "switch", "SESSION_STATUS_RUNNING", 3, participants[1]);
        AssertStep(r, "get", "SESSION_STATUS_RUNNING", 3, participants[1]);
        AssertStep(r, "pause", "SESSION_STATUS_PAUSED", 4, participants[1]);
        Assert.False(r.GetProperty("pause").GetProperty("hasCycleStartedAt").GetBoolean());
        AssertStep(r, "resume", "SESSION_STATUS_RUNNING", 5, participants[1]);
        AssertStep(r, "complete", "SESSION_STATUS_COMPLETED", 6, null);
        Assert.False(r.GetProperty("complete").GetProperty("hasCycleStartedAt").GetBoolean());
        Assert.False(r.GetProperty("complete").GetProperty("anyActive").GetBoolean());
        Assert.True(r.GetProperty("complete").GetProperty("hasCompletedAt").GetBoolean());
        Assert.Equal(0, r.GetProperty("delete").GetInt32());
        Assert.Equal((int)StatusCode.NotFound, r.GetProperty("getDeleted").GetProperty("code").GetInt32());
        var time = r.GetProperty("time");
        Assert.Equal("2.0.0", time.GetProperty("serverVersion").GetString());
        Assert.InRange(time.GetProperty("timestampMs").GetInt64() - time.GetProperty("localMs").GetInt64(), -5_000, 5_000);
    }

    [Fact]
    public async Task EveryEngineErrorWithItsStatusCodeAndMessage()
    {
        var r = await NodeGrpcPeer.RunSessionsAsync(server.Address, "errors", new { }, Ct);

        AssertError(r, "validation", StatusCode.InvalidArgument, "VALIDATION_ERROR");
        var details = Google.Rpc.Status.Parser.ParseFrom(Convert.FromBase64String(r.GetProperty("validation").GetProperty("detailsBin").GetString()!));
        Assert.Contains("total_time_ms", details.Details[1].Unpack<BadRequest>().FieldViolations.Select(v => v.Field));
        AssertError(r, "notFound", StatusCode.NotFound, "SESSION_NOT_FOUND");
        AssertError(r, "alreadyExists", StatusCode.AlreadyExists, "SESSION_ALREADY_EXISTS");
        AssertError(r, "invalidTransition", StatusCode.FailedPrecondition, "INVALID_STATE_TRANSITION");
        AssertError(r, "notActive", StatusCode.Aborted, "NOT_ACTIVE_PARTICIPANT");
    }

    [Fact]
    public async Task WatchWhileAnotherClientSwitches()
    {
        var r = await NodeGrpcPeer.RunSessionsAsync(server.Address, "watch", new { }, Ct);
        var participants = r.GetProperty("participants").EnumerateArray().Select(p => p.GetString()).ToArray();
        var events = r.GetProperty("events").EnumerateArray()
            .Select(e => (Type: e.GetProperty("type").GetString(), Version: e.GetProperty("version"), Active: e.GetProperty("active")))
            .ToList();

        Assert.Equal(0, r.GetProperty("end").GetProperty("code").GetInt32());
        Assert.Equal(
            ["WATCH_EVENT_TYPE_SNAPSHOT", "WATCH_EVENT_TYPE_UPDATE", "WATCH_EVENT_TYPE_UPDATE", "WATCH_EVENT_TYPE_UPDATE", "WATCH_EVENT_TYPE_DELETED"],
            events.Select(e => e.Type));
        Assert.Equal([1, 2, 3, 4], events.Take(4).Select(e => e.Version.GetInt64()));
        Assert.Equal([participants[0], participants[1], participants[2]], events.Skip(1).Take(3).Select(e => e.Active.GetString()));
    }

    [Fact]
    public async Task WatchOfAnUnknownSessionIsNotFound()
    {
        var r = await NodeGrpcPeer.RunSessionsAsync(server.Address, "watchMissing", new { }, Ct);

        Assert.Equal((int)StatusCode.NotFound, r.GetProperty("code").GetInt32());
        Assert.Equal("SESSION_NOT_FOUND", r.GetProperty("details").GetString());
    }

    private static void AssertStep(JsonElement result, string step, string status, long version, string? active)
    {
        var s = result.GetProperty(step);
        Assert.True(s.GetProperty("code").GetInt32() == 0, $"{step}: {s}");
        Assert.Equal(status, s.GetProperty("status").GetString());
        Assert.Equal(version, s.GetProperty("version").GetInt64());
        Assert.Equal(active, s.GetProperty("active").GetString());
    }

    private static void AssertError(JsonElement result, string step, StatusCode code, string message)
    {
        var s = result.GetProperty(step);
        Assert.Equal((int)code, s.GetProperty("code").GetInt32());
        Assert.Equal(message, s.GetProperty("details").GetString());
    }
}
