using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace StatementTracker.Api.OpenApi;

/// <summary>
/// Request fields are nullable in C# so that a missing one gets our own precise message instead of a serializer
/// error; [Required] and [AllowedValues] on them still tell the document what a valid request holds.
/// </summary>
public sealed class RequiredAndAllowedValuesFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema concrete || concrete.Properties is null) return;
        foreach (var property in context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (!concrete.Properties.TryGetValue(name, out var propertySchema)) continue;
            if (property.GetCustomAttribute<RequiredAttribute>() is not null)
            {
                concrete.Required ??= new HashSet<string>();
                concrete.Required.Add(name);
            }
            if (property.GetCustomAttribute<AllowedValuesAttribute>() is { } allowed && propertySchema is OpenApiSchema values)
                values.Enum = allowed.Values.Select(v => (JsonNode)JsonValue.Create(v?.ToString())!).ToList();
        }
    }
}
