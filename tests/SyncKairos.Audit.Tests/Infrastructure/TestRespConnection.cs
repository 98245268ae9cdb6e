using System.Buffers;
using System.Net.Sockets;
using SyncKairos.Audit.Writing;
using SyncKairos.Redis.Protocol;

namespace SyncKairos.Audit.Tests.Infrastructure;

/// <summary>
/// A minimal real RESP connection over the project's codec, one request at a time: enough for the tests to
/// drive a real redis-server (fill lists, read dead letters) and to hand to the writer.
/// </summary>
internal sealed class TestRespConnection : IAuditRedis, IAsyncDisposable
{
    private readonly string _host;
    private readonly int _port;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TcpClient? _client;
    private byte[] _buffer = new byte[64 * 1024];

    public TestRespConnection(string host, int port)
    {
        _host = host;
        _port = port;
    }

    public async Task<RespValue> ExecuteAsync(string command, RedisArg[] args, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            try
            {
                return await RoundTripAsync(command, args, cancellationToken);
            }
            catch (Exception ex) when (ex is not InvalidOperationException)
            {
                // A half-read reply leaves the stream unusable: start over on the next call.
                _client?.Dispose();
                _client = null;
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<RespValue> RoundTripAsync(string command, RedisArg[] args, CancellationToken cancellationToken)
    {
        if (_client is null)
        {
            var client = new TcpClient { NoDelay = true };
            await client.ConnectAsync(_host, _port, cancellationToken);
            _client = client;
        }

        var stream = _client.GetStream();
        var request = new ArrayBufferWriter<byte>();
        RespWriter.WriteCommand(request, command, args);
        await stream.WriteAsync(request.WrittenMemory, cancellationToken);

        var length = 0;
        while (true)
        {
            var sequence = new ReadOnlySequence<byte>(_buffer, 0, length);
            if (length > 0 && RespReader.TryRead(ref sequence, out var value))
            {
                return value.IsError ? throw new InvalidOperationException($"Redis error: {value.AsString()}") : value;
            }

            if (length == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                throw new IOException("Redis closed the connection.");
            }

            length += read;
        }
    }

    public ValueTask DisposeAsync()
    {
        _client?.Dispose();
        _gate.Dispose();
        return ValueTask.CompletedTask;
    }
}
