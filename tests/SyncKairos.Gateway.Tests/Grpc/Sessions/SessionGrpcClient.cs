using Google.Protobuf;

namespace SyncKairos.Gateway.Tests.Grpc.Sessions;

/// <summary>Unary and streaming calls to synckairos.v1.SyncKairos with the generated messages over raw HTTP/2.</summary>
public sealed class SessionGrpcClient(Uri address) : IDisposable
{
    private readonly HttpClient client = GrpcWire.CreateClient(address);

    public async Task<TResponse> CallAsync<TResponse>(string method, IMessage request, MessageParser<TResponse> parser, CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse>
    {
        var result = await CallRawAsync(method, request, cancellationToken);
        Assert.True(result.Status == 0, $"{method} failed: {result.Status} {result.Message}");
        return parser.ParseFrom(Assert.Single(result.Messages));
    }

    public Task<GrpcWireResult> CallRawAsync(string method, IMessage request, CancellationToken cancellationToken) =>
        GrpcWire.CallAsync(client, GrpcWire.Request($"/synckairos.v1.SyncKairos/{method}", GrpcWire.Frame(request)), cancellationToken);

    /// <summary>Opens a server stream; messages are read one by one with <see cref="GrpcStreamReader{T}"/>.</summary>
    public async Task<GrpcStreamReader<TResponse>> OpenStreamAsync<TResponse>(string method, IMessage request, MessageParser<TResponse> parser, CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse>
    {
        var httpRequest = GrpcWire.Request($"/synckairos.v1.SyncKairos/{method}", GrpcWire.Frame(request));
        var response = await client.SendAsync(httpRequest, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        return new GrpcStreamReader<TResponse>(httpRequest, response, await response.Content.ReadAsStreamAsync(cancellationToken), parser);
    }

    public void Dispose() => client.Dispose();
}
