using SyncKairos.Gateway.WebSockets;

namespace SyncKairos.Gateway.Tests;

/// <summary>Coalesced snapshot reads: callers share a read, but never one sent before they asked.</summary>
public sealed class SnapshotReadsUnitTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task CallersArrivingDuringAReadShareTheNextReadNotTheOneInFlight()
    {
        var store = new ControlledStore();
        var reads = new SnapshotReads(store.ReadAsync);
        var ct = TestContext.Current.CancellationToken;

        var first = reads.ReadAsync("s", ct);
        var firstRead = await store.Started.Reader.ReadAsync(ct).AsTask().WaitAsync(Bound, ct);
        var later = Enumerable.Range(0, 5).Select(_ => reads.ReadAsync("s", ct)).ToArray();
        Assert.Equal(1, reads.ReadsIssued);

        firstRead.SetResult(Snapshot(1));
        Assert.Equal(1, (await first.WaitAsync(Bound, ct))!.Value.Version);
        var secondRead = await store.Started.Reader.ReadAsync(ct).AsTask().WaitAsync(Bound, ct);
        Assert.All(later, t => Assert.False(t.IsCompleted));

        secondRead.SetResult(Snapshot(2));
        foreach (var t in later)
        {
            Assert.Equal(2, (await t.WaitAsync(Bound, ct))!.Value.Version);
        }

        Assert.Equal(2, reads.ReadsIssued);
    }

    [Fact]
    public async Task AFailedReadFailsItsCallersAndTheNextCallReadsAgain()
    {
        var store = new ControlledStore();
        var reads = new SnapshotReads(store.ReadAsync);
        var ct = TestContext.Current.CancellationToken;

        var failing = reads.ReadAsync("s", ct);
        (await store.Started.Reader.ReadAsync(ct).AsTask().WaitAsync(Bound, ct)).SetException(new TimeoutException("store down"));
        await Assert.ThrowsAsync<TimeoutException>(() => failing.WaitAsync(Bound, ct));

        var next = reads.ReadAsync("s", ct);
        (await store.Started.Reader.ReadAsync(ct).AsTask().WaitAsync(Bound, ct)).SetResult(null);
        Assert.Null(await next.WaitAsync(Bound, ct));
        Assert.Equal(2, reads.ReadsIssued);
    }

    [Fact]
    public async Task OneCallerGivingUpDoesNotCancelTheReadForOthers()
    {
        var store = new ControlledStore();
        var reads = new SnapshotReads(store.ReadAsync);
        var ct = TestContext.Current.CancellationToken;
        using var impatient = new CancellationTokenSource();

        var patient = reads.ReadAsync("s", ct);
        var gaveUp = reads.ReadAsync("s", impatient.Token);
        var read = await store.Started.Reader.ReadAsync(ct).AsTask().WaitAsync(Bound, ct);
        // The second caller arrived while the first read was in flight, so it waits for the next one.
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gaveUp);

        read.SetResult(Snapshot(7));
        Assert.Equal(7, (await patient.WaitAsync(Bound, ct))!.Value.Version);
    }

    [Fact]
    public async Task DifferentSessionsAreReadIndependently()
    {
        var store = new ControlledStore();
        var reads = new SnapshotReads(store.ReadAsync);
        var ct = TestContext.Current.CancellationToken;

        var a = reads.ReadAsync("a", ct);
        var b = reads.ReadAsync("b", ct);
        var started = new[]
        {
            await store.Started.Reader.ReadAsync(ct).AsTask().WaitAsync(Bound, ct),
            await store.Started.Reader.ReadAsync(ct).AsTask().WaitAsync(Bound, ct),
        };
        Assert.Equal(2, reads.ReadsIssued);
        foreach (var read in started)
        {
            read.SetResult(Snapshot(3));
        }

        await Task.WhenAll(a, b).WaitAsync(Bound, ct);
    }

    private static Outbound Snapshot(long version) => new(OutboundKind.Sync, version, new byte[] { (byte)'{', (byte)'}' });

    /// <summary>A store whose reads complete when the test says so.</summary>
    private sealed class ControlledStore
    {
        public System.Threading.Channels.Channel<TaskCompletionSource<Outbound?>> Started { get; } =
            System.Threading.Channels.Channel.CreateUnbounded<TaskCompletionSource<Outbound?>>();

        public Task<Outbound?> ReadAsync(string sessionId, CancellationToken cancellationToken)
        {
            var read = new TaskCompletionSource<Outbound?>(TaskCreationOptions.RunContinuationsAsynchronously);
            Started.Writer.TryWrite(read);
            return read.Task;
        }
    }
}
