using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SyncKairos.Redis.Protocol;

namespace SyncKairos.Redis.Client;

/// <summary>
/// One multiplexed connection to one Redis endpoint. Any number of callers pipeline through it: a writer
/// loop coalesces queued commands into one flush, a reader loop completes replies in FIFO order. It
/// reconnects by itself; see ADR 0002 for the failure semantics.
/// </summary>
public sealed partial class RedisConnection : IAsyncDisposable
{
    private static readonly RedisArg[] NoArgs = [];

    private readonly RedisOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _slots;
    private readonly object _pendingLock = new();
    private readonly Channel<bool> _doorbell = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly CancellationTokenSource _disposed = new();
    private readonly ConcurrentDictionary<string, bool> _loadedScripts = new(StringComparer.Ordinal);
    private readonly long _commandTimeoutTicks;
    private Queue<PendingCommand> _pending = new();
    private int _doorbellRung;
    private Task _lastWriter = Task.CompletedTask;
    private LinkSession? _session;
    private ITimer? _sweeper;

    private RedisConnection(RedisOptions options, TimeProvider time, ILogger logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _slots = new SemaphoreSlim(options.MaxOutstandingCommands, options.MaxOutstandingCommands);
        _commandTimeoutTicks = ToTicks(options.CommandTimeout);
    }

    /// <summary>Raised (on the thread pool) after the client reopened a broken link.</summary>
    public event Action? Reconnected;

    /// <summary>Raised (on the thread pool) when the link breaks; commands not yet written wait for the next one.</summary>
    public event Action? Disconnected;

    public bool IsConnected => Volatile.Read(ref _session) is { IsBroken: false };

    public RedisOptions Options => _options;

    /// <summary>Caller commands sent or queued and not yet answered (the back-pressure slots in use).</summary>
    public int OutstandingCommands => _options.MaxOutstandingCommands - _slots.CurrentCount;

    public static Task<RedisConnection> ConnectAsync(RedisOptions options, ILogger? logger = null, CancellationToken cancellationToken = default) =>
        ConnectAsync(options, TimeProvider.System, logger, cancellationToken);

    /// <summary>Opens the first link (one attempt, bounded by the connect timeout); later breaks reconnect by themselves.</summary>
    public static async Task<RedisConnection> ConnectAsync(RedisOptions options, TimeProvider timeProvider, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.ThrowIfInvalid();
        var copy = options.Clone();
        var log = logger ?? NullLogger.Instance;
        var link = await RedisLink.OpenAsync(copy, timeProvider, log, cancellationToken);
        var connection = new RedisConnection(copy, timeProvider, log);
        connection.Install(link);
        connection.StartSweeper();
        Log.Connected(log, copy.EndPoint);
        return connection;
    }

    public Task<RespValue> ExecuteAsync(string command, CancellationToken cancellationToken = default) =>
        ExecuteAsync(command, NoArgs, cancellationToken);

    /// <summary>
    /// Sends one command and returns its reply. <paramref name="args"/> is read when the command is written,
    /// so the array must not change until the returned task completes. An error reply throws <see cref="RedisServerException"/>
    /// (the connection stays up); a broken link <see cref="RedisConnectionException"/>; no reply in time
    /// <see cref="RedisTimeoutException"/>.
    /// </summary>
    public Task<RespValue> ExecuteAsync(string command, RedisArg[] args, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        ArgumentNullException.ThrowIfNull(args);
        if (_disposed.IsCancellationRequested)
        {
            return Task.FromException<RespValue>(new ObjectDisposedException(nameof(RedisConnection)));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<RespValue>(cancellationToken);
        }

        var createdAt = _time.GetTimestamp();
        if (!_slots.Wait(0, CancellationToken.None))
        {
            return ExecuteAfterSlotAsync(command, args, createdAt, cancellationToken);
        }

        var pending = Enqueue(command, args, createdAt, isInternal: false);
        return cancellationToken.CanBeCanceled ? AwaitCancellableAsync(pending, cancellationToken) : pending.Task;
    }

    private async Task<RespValue> ExecuteAfterSlotAsync(string command, RedisArg[] args, long createdAt, CancellationToken cancellationToken)
    {
        // Back-pressure: wait for a slot, but no longer than the command would have waited for its reply.
        if (!await _slots.WaitAsync(_options.CommandTimeout, cancellationToken))
        {
            throw new RedisTimeoutException(
                $"Redis command {command} waited {_options.CommandTimeout.TotalMilliseconds} ms for one of {_options.MaxOutstandingCommands} outstanding slots.",
                mayHaveExecuted: false);
        }

        var pending = Enqueue(command, args, createdAt, isInternal: false);
        return await AwaitCancellableAsync(pending, cancellationToken);
    }

    private static async Task<RespValue> AwaitCancellableAsync(PendingCommand pending, CancellationToken cancellationToken)
    {
        await using var registration = cancellationToken.UnsafeRegister(
            static (state, token) => ((PendingCommand)state!).TrySetCanceled(token), pending);
        return await pending.Task;
    }

    private PendingCommand Enqueue(string command, RedisArg[] args, long createdAt, bool isInternal)
    {
        var pending = new PendingCommand(command, args, createdAt, isInternal);
        lock (_pendingLock)
        {
            _pending.Enqueue(pending);
        }

        if (_disposed.IsCancellationRequested)
        {
            FailQueued(new ObjectDisposedException(nameof(RedisConnection)));
        }

        RingDoorbell();
        return pending;
    }

    /// <summary>Wakes the writer; under load most callers find it already rung and skip the channel entirely.</summary>
    private void RingDoorbell()
    {
        if (Interlocked.Exchange(ref _doorbellRung, 1) == 0)
        {
            _doorbell.Writer.TryWrite(true);
        }
    }

    private void Release(PendingCommand pending)
    {
        if (!pending.IsInternal)
        {
            _slots.Release();
        }
    }

    private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private void Raise(Action? handlers, string name)
    {
        if (handlers is null)
        {
            return;
        }

        ThreadPool.UnsafeQueueUserWorkItem(
            static state =>
            {
                var (self, handler, eventName) = state;
                try
                {
                    handler();
                }
                catch (Exception ex)
                {
                    Log.EventHandlerFailed(self._logger, eventName, ex);
                }
            },
            (this, handlers, name),
            preferLocal: false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        await _disposed.CancelAsync();
        if (_sweeper is not null)
        {
            await _sweeper.DisposeAsync();
        }

        var session = Volatile.Read(ref _session);
        if (session is not null)
        {
            Break(session, new ObjectDisposedException(nameof(RedisConnection)));
            await session.Finished.Task;
        }

        FailQueued(new ObjectDisposedException(nameof(RedisConnection)));
    }
}
