using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SyncKairos.Redis.Tests.Client;

/// <summary>Keeps every log event so tests can count what the client did (reconnect attempts, reloads).</summary>
internal sealed class RecordingLogger : ILogger
{
    private readonly ConcurrentQueue<(EventId Id, string Message)> _events = new();

    public int Count(int eventId) => _events.Count(e => e.Id.Id == eventId);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _events.Enqueue((eventId, formatter(state, exception)));
}
