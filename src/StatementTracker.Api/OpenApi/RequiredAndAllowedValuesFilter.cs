using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace StatementTracker.Api.OpenApi;

/// <summary>
/// Request fields are nullable in C# so that a missing one gets our own precise message instead of a serializer
/// error; [Required] and [AllowedValues] on them still tell the document what a valid request holds. Responses
/// promise every property they always carry: each one C# declares non-nullable.
/// </summary>
public sealed class RequiredAndAllowedValuesFilter : ISchemaFilter
{
    /// <summary>null and nothing else, as OpenAPI 3.0 spells it: a nullable type whose only value is null.</summary>
    private static OpenApiSchema OnlyNull => new() { Type = JsonSchemaType.Object | JsonSchemaType.Null, Enum = [null!] };

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema concrete || concrete.Properties is null) return;
        var isRequest = context.Type.Name.EndsWith("Request", StringComparison.Ordinal) || context.Type.Name.EndsWith("Input", StringComparison.Ordinal);
        // One per schema: NullabilityInfoContext caches what it read in a dictionary that is not thread-safe, and one
        // shared by the whole process broke when two services (or two first requests) made their document at once,
        // after which every document the process made was a 500 (ConcurrentDocumentTests).
        var nullability = new NullabilityInfoContext();
        foreach (var property in context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (!concrete.Properties.TryGetValue(name, out var propertySchema)) continue;
            var alwaysThere = !isRequest && nullability.Create(property).ReadState == NullabilityState.NotNull
                && property.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() is null;
            if (property.GetCustomAttribute<RequiredAttribute>() is not null || alwaysThere)
            {
                concrete.Required ??= new HashSet<string>();
                concrete.Required.Add(name);
            }
            if (property.GetCustomAttribute<AllowedValuesAttribute>() is { } allowed && propertySchema is OpenApiSchema values)
            {
                values.Enum = allowed.Values.Select(v => (JsonNode)JsonValue.Create(v?.ToString())!).ToList();
                // An enum lists every value allowed: in OpenAPI 3.0 nullable does not add null to one, so a field the
                // API sends as null (a reversal's relation when a stance change is the evidence) names null itself.
                if (values.Type?.HasFlag(JsonSchemaType.Null) == true) values.Enum.Add(null!);
            }
            // OpenAPI 3.0 ignores anything beside a $ref, and nullable without a type, so "this object or null"
            // (Statement.retracted) is one of the reference or a schema that only null fits; a bare $ref, or a
            // nullable allOf of it, would promise an object where the API sends null.
            if (propertySchema is OpenApiSchemaReference reference && nullability.Create(property).ReadState == NullabilityState.Nullable)
                concrete.Properties[name] = new OpenApiSchema { OneOf = [reference, OnlyNull] };
        }
    }
}
