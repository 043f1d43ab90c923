using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace StatementTracker.Api.OpenApi;

/// <summary>
/// Query parameters come from [AsParameters] records whose properties are PascalCase; binding ignores case, so the
/// document shows them as clients write them (limit, cursor, asOf) and lists the values a string one takes. A nullable
/// one is required only when its property says [Required] (the handler then refuses it missing): the build-time request
/// delegate generator marks a nullable array (string[]? person) as required although a missing one binds as empty and
/// the handler reads it as "no filter". A non-nullable value (long limit) keeps what the binder says: it is refused missing.
/// </summary>
public sealed class QueryParameterFilter : IParameterFilter
{
    public void Apply(IOpenApiParameter parameter, ParameterFilterContext context)
    {
        if (parameter is not OpenApiParameter concrete || concrete.In != ParameterLocation.Query || concrete.Name is null) return;
        concrete.Name = JsonNamingPolicy.CamelCase.ConvertName(concrete.Name);
        var property = context.PropertyInfo ?? context.ParameterInfo?.Member.DeclaringType?.GetProperty(context.ParameterInfo.Name ?? "");
        if (property is not null && (!property.PropertyType.IsValueType || Nullable.GetUnderlyingType(property.PropertyType) is not null))
            concrete.Required = property.GetCustomAttribute<RequiredAttribute>() is not null;
        if (property?.GetCustomAttribute<AllowedValuesAttribute>() is { } allowed && concrete.Schema is OpenApiSchema schema)
            schema.Enum = allowed.Values.Select(v => (JsonNode)JsonValue.Create(v?.ToString())!).ToList();
    }
}
