using Google.Protobuf;

namespace SyncKairos.Gateway.Grpc;

/// <summary>
/// The methods of one gRPC service. Map them here, then serve them with
/// <see cref="GrpcEndpointRouteBuilderExtensions.MapGrpcService"/>.
/// </summary>
public sealed class GrpcServiceRouter
{
    private readonly Dictionary<string, GrpcMethod> methods = new(StringComparer.Ordinal);
    private readonly List<Func<GrpcServerCallContext, ValueTask>> callFilters = [];

    /// <param name="serviceName">The fully qualified service name, e.g. <c>synckairos.v1.SyncKairos</c>.</param>
    public GrpcServiceRouter(string serviceName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        ServiceName = serviceName;
    }

    public string ServiceName { get; }

    /// <summary>The largest request message accepted (compressed or not); RESOURCE_EXHAUSTED beyond.</summary>
    public int MaxReceiveMessageSize { get; set; } = GrpcProtocol.DefaultMaxReceiveMessageSize;

    /// <summary>
    /// Turns a handler's exception that is not a <see cref="GrpcException"/> into a status (e.g. the
    /// session engine's errors via Errors.GrpcErrorMapping). Null, or null returned: UNKNOWN.
    /// </summary>
    public Func<Exception, GrpcException?>? ExceptionMapper { get; set; }

    internal IReadOnlyCollection<GrpcMethod> Methods => methods.Values;

    /// <summary>
    /// Runs before every call of this service, before the request is read; throw a
    /// <see cref="GrpcException"/> (e.g. UNAUTHENTICATED from the <c>authorization</c> metadata) to refuse it.
    /// </summary>
    public GrpcServiceRouter AddCallFilter(Func<GrpcServerCallContext, ValueTask> filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        callFilters.Add(filter);
        return this;
    }

    public GrpcServiceRouter MapUnary<TRequest, TResponse>(
        string method,
        MessageParser<TRequest> parser,
        Func<TRequest, GrpcServerCallContext, Task<TResponse>> handler,
        IReadOnlyList<object>? metadata = null)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(handler);
        return Add(new GrpcUnaryMethod<TRequest, TResponse>(ServiceName, method, parser, handler) { Metadata = metadata ?? [] });
    }

    public GrpcServiceRouter MapServerStreaming<TRequest, TResponse>(
        string method,
        MessageParser<TRequest> parser,
        Func<TRequest, IGrpcStreamWriter<TResponse>, GrpcServerCallContext, Task> handler,
        IReadOnlyList<object>? metadata = null)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(handler);
        return Add(new GrpcServerStreamingMethod<TRequest, TResponse>(ServiceName, method, parser, handler) { Metadata = metadata ?? [] });
    }

    internal async ValueTask RunCallFiltersAsync(GrpcServerCallContext context)
    {
        foreach (var filter in callFilters)
        {
            await filter(context);
        }
    }

    internal GrpcException? MapException(Exception exception) => ExceptionMapper?.Invoke(exception);

    private GrpcServiceRouter Add(GrpcMethod method)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method.Name);
        if (!methods.TryAdd(method.Name, method))
        {
            throw new InvalidOperationException($"Method {method.FullName} is mapped twice.");
        }

        return this;
    }
}
