using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace SyncKairos.Gateway.Grpc;

public static class GrpcEndpointRouteBuilderExtensions
{
    private static readonly ConditionalWeakTable<IEndpointRouteBuilder, HashSet<string>> KnownServices = new();

    /// <summary>
    /// Maps <c>POST /{service}/{method}</c> for every method of <paramref name="router"/>, and once per
    /// route builder a catch-all that answers other gRPC requests with UNIMPLEMENTED (trailers-only).
    /// </summary>
    public static IEndpointRouteBuilder MapGrpcService(this IEndpointRouteBuilder endpoints, GrpcServiceRouter router)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(router);
        foreach (var method in router.Methods)
        {
            endpoints.MapPost(method.FullName, http => GrpcCall.ExecuteAsync(http, method, router))
                .WithDisplayName($"gRPC {method.FullName}")
                .WithMetadata([.. method.Metadata]);
        }

        var known = KnownServices.GetValue(endpoints, MapUnimplemented);
        lock (known)
        {
            known.Add(router.ServiceName);
        }

        return endpoints;
    }

    private static HashSet<string> MapUnimplemented(IEndpointRouteBuilder endpoints)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        var pattern = RoutePatternFactory.Parse(
            "/{grpcService}/{grpcMethod}",
            defaults: null,
            parameterPolicies: new RouteValueDictionary { ["grpcService"] = new GrpcContentTypeRouteConstraint() });
        endpoints.Map(pattern, http =>
            {
                var service = (string)http.Request.RouteValues["grpcService"]!;
                var name = (string)http.Request.RouteValues["grpcMethod"]!;
                bool serviceKnown;
                lock (known)
                {
                    serviceKnown = known.Contains(service);
                }

                return GrpcCall.ExecuteAsync(http, new GrpcUnimplementedMethod(service, name, serviceKnown), router: null);
            })
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Post]))
            .WithDisplayName("gRPC unimplemented");
        return known;
    }
}
