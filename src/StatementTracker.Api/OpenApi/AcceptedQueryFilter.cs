using Microsoft.OpenApi;
using StatementTracker.Api.Infrastructure;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace StatementTracker.Api.OpenApi;

/// <summary>
/// Lists the query parameters an endpoint reads by hand (<see cref="AcceptsQueryExtensions.AcceptsQuery{TBuilder}"/>)
/// beside those its handler binds, so that the document names every parameter the strict query check lets through.
/// One the endpoint documents itself is left as it is.
/// </summary>
public sealed class AcceptedQueryFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var names = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<AcceptsQueryMetadata>().SelectMany(m => m.Names).Distinct().ToList();
        if (names.Count == 0) return;
        operation.Parameters ??= [];
        foreach (var name in names)
        {
            if (operation.Parameters.Any(p => p.In == ParameterLocation.Query && p.Name == name)) continue;
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Query,
                Description = "Read by the operation itself; see its description.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
    }
}
