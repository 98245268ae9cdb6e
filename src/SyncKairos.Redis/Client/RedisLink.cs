using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using SyncKairos.Redis.Protocol;

namespace SyncKairos.Redis.Client;

/// <summary>
/// One open, authenticated socket (optionally TLS) with its pipes. It is replaced, never repaired:
/// a failure disposes it and the owner opens a new one.
/// </summary>
internal sealed class RedisLink : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Stream _stream;
    private int _disposed;

    private RedisLink(Socket socket, Stream stream)
    {
        _socket = socket;
        _stream = stream;
        Input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
        Output = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 16 * 1024, leaveOpen: true));
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    public bool IsResp3 { get; private set; }

    public static async Task<RedisLink> OpenAsync(RedisOptions options, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(options.ConnectTimeout, time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            try
            {
                await socket.ConnectAsync(options.Host, options.Port, timeout.Token);
                stream = new NetworkStream(socket, ownsSocket: false);
                if (options.Ssl)
                {
                    stream = await AuthenticateTlsAsync(stream, options, timeout.Token);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new RedisConnectionException($"Connecting to Redis at {options.EndPoint} timed out after {options.ConnectTimeout.TotalMilliseconds} ms.");
            }
            catch (Exception ex) when (ex is SocketException or IOException or System.Security.Authentication.AuthenticationException)
            {
                throw new RedisConnectionException($"Cannot connect to Redis at {options.EndPoint}: {ex.Message}", innerException: ex);
            }

            var link = new RedisLink(socket, stream);
            try
            {
                await link.HandshakeAsync(options, logger, timeout.Token, cancellationToken);
                return link;
            }
            catch
            {
                await link.DisposeAsync();
                throw;
            }
        }
        catch
        {
            if (stream is not null)
            {
                await stream.DisposeAsync();
            }

            socket.Dispose();
            throw;
        }
    }

    private static async Task<Stream> AuthenticateTlsAsync(Stream inner, RedisOptions options, CancellationToken cancellationToken)
    {
        X509Certificate2Collection? trusted = null;
        if (options.SslCaFile is not null)
        {
            trusted = [];
            trusted.ImportFromPemFile(options.SslCaFile);
        }

        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        var auth = new SslClientAuthenticationOptions
        {
            TargetHost = options.SslHost ?? options.Host,
        };
        if (trusted is not null)
        {
            // A private CA replaces the system store; the name check still applies.
            auth.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            auth.CertificateChainPolicy.CustomTrustStore.AddRange(trusted);
        }

        await ssl.AuthenticateAsClientAsync(auth, cancellationToken);
        return ssl;
    }

    private async Task HandshakeAsync(RedisOptions options, ILogger logger, CancellationToken timeout, CancellationToken caller)
    {
        try
        {
            if (options.UseResp3 && await TryHello3Async(options, timeout))
            {
                IsResp3 = true;
            }
            else
            {
                if (options.Password is not null)
                {
                    await ExpectOkAsync("AUTH", options.User is null ? [options.Password] : [options.User, options.Password], timeout);
                }

                if (options.ClientName is not null)
                {
                    await ExpectOkAsync("CLIENT", ["SETNAME", options.ClientName], timeout);
                }
            }

            if (options.Database != 0)
            {
                await ExpectOkAsync("SELECT", [options.Database], timeout);
            }
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            throw new RedisConnectionException($"The Redis handshake with {options.EndPoint} timed out after {options.ConnectTimeout.TotalMilliseconds} ms.");
        }

        Log.Handshake(logger, options.EndPoint, IsResp3 ? 3 : 2);
    }

    private async Task<bool> TryHello3Async(RedisOptions options, CancellationToken cancellationToken)
    {
        var args = new List<RedisArg> { "3" };
        if (options.Password is not null)
        {
            args.Add("AUTH");
            args.Add(options.User ?? "default");
            args.Add(options.Password);
        }

        if (options.ClientName is not null)
        {
            args.Add("SETNAME");
            args.Add(options.ClientName);
        }

        var reply = await SendAsync("HELLO", [.. args], cancellationToken);
        if (!reply.IsError)
        {
            return true;
        }

        var error = new RedisServerException(reply.AsString() ?? string.Empty);
        if (error.Kind == RedisErrorKind.NoProto || error.Message.Contains("unknown command", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        throw error;
    }

    private async Task ExpectOkAsync(string command, RedisArg[] args, CancellationToken cancellationToken)
    {
        var reply = await SendAsync(command, args, cancellationToken);
        if (reply.IsError)
        {
            throw new RedisServerException(reply.AsString() ?? string.Empty);
        }
    }

    private async Task<RespValue> SendAsync(string command, RedisArg[] args, CancellationToken cancellationToken)
    {
        RespWriter.WriteCommand(Output, command, args);
        await Output.FlushAsync(cancellationToken);
        while (true)
        {
            var result = await Input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (RespReader.TryRead(ref buffer, out var value))
            {
                Input.AdvanceTo(buffer.Start);
                if (value.Type == RespType.Push)
                {
                    continue;
                }

                return value;
            }

            Input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new RedisConnectionException("Redis closed the connection during the handshake.");
            }
        }
    }

    /// <summary>Breaks pending reads and writes at once (used when the link is declared dead).</summary>
    public void Abort()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _socket.Close(0);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Abort();
        await Input.CompleteAsync();
        try
        {
            await Output.CompleteAsync();
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        try
        {
            await _stream.DisposeAsync();
        }
        catch (IOException)
        {
        }

        _socket.Dispose();
    }
}
