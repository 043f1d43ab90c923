using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace StatementTracker.Api.Tests.OpenApi;

/// <summary>
/// Checks a JSON value against the subset of OpenAPI 3.0 schemas the document uses: $ref, type, properties,
/// required, additionalProperties, items, enum, nullable, allOf/oneOf/anyOf and the date-time and integer formats,
/// read as OpenAPI 3.0.3 words them.
/// </summary>
public sealed partial class SchemaChecker(JsonObject components)
{
    public JsonObject Resolve(JsonObject schema)
    {
        while (schema["$ref"]?.GetValue<string>() is { } reference)
            schema = components[reference.Split('/')[^1]]?.AsObject() ?? throw new InvalidOperationException($"No schema {reference}");
        return schema;
    }

    public IEnumerable<string> Errors(JsonNode? value, JsonObject schema, string path)
    {
        schema = Resolve(schema);

        // OpenAPI 3.0.3 on nullable: it adds null to the values of the type beside it and says nothing without one; an
        // enum must still list null itself, and allOf, oneOf and anyOf must each let null through. A schema without a
        // type takes any value, null included. Spectral reads it so, and so do the clients generated from it.
        var nullable = schema["nullable"]?.GetValue<bool>() == true;
        if (nullable && schema["type"] is null) yield return $"{path}: its schema is nullable without a type, which says nothing in OpenAPI 3.0";
        if (value is null)
        {
            if (!nullable && schema["type"] is not null) yield return $"{path} is null, which the schema does not allow";
            if (schema["enum"] is JsonArray values && !values.Any(v => v is null)) yield return $"{path} is null, not one of {values.ToJsonString()}";
        }
        foreach (var error in Combined(value, schema, path)) yield return error;
        if (value is null) yield break;
        foreach (var error in Typed(value, schema, path)) yield return error;
    }

    private IEnumerable<string> Combined(JsonNode? value, JsonObject schema, string path)
    {
        foreach (var part in schema["allOf"]?.AsArray() ?? [])
            foreach (var error in Errors(value, part!.AsObject(), path)) yield return error;
        if (schema["oneOf"] is JsonArray oneOf && oneOf.Count(s => !Errors(value, s!.AsObject(), path).Any()) != 1)
            yield return $"{path} matches not exactly one of its oneOf schemas";
        if (schema["anyOf"] is JsonArray anyOf && !anyOf.Any(s => !Errors(value, s!.AsObject(), path).Any()))
            yield return $"{path} matches none of its anyOf schemas";
    }

    private IEnumerable<string> Typed(JsonNode value, JsonObject schema, string path)
    {
        var kind = value.GetValueKind();
        if (schema["type"]?.GetValue<string>() is { } type && !IsOfType(value, type))
        {
            yield return $"{path} is {Describe(value)}, not {type}";
            yield break;
        }
        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
            yield return $"{path} is {Describe(value)}, not one of {allowed.ToJsonString()}";
        if (schema["format"]?.GetValue<string>() == "date-time" && kind == JsonValueKind.String && !IsDateTime(value.GetValue<string>()))
            yield return $"{path} is '{value}', not an RFC 3339 date-time";
        if (schema["format"]?.GetValue<string>() == "int32" && kind == JsonValueKind.Number && !value.AsValue().TryGetValue<int>(out _))
            yield return $"{path} is {value}, outside int32";

        if (value is JsonObject obj)
        {
            var properties = schema["properties"]?.AsObject();
            foreach (var required in schema["required"]?.AsArray() ?? [])
            {
                if (!obj.ContainsKey(required!.GetValue<string>())) yield return $"{path}.{required} is required but missing";
            }
            foreach (var (name, child) in obj)
            {
                if (properties?[name] is JsonObject property)
                {
                    foreach (var error in Errors(child, property, $"{path}.{name}")) yield return error;
                }
                else if (schema["additionalProperties"] is JsonObject additional)
                {
                    foreach (var error in Errors(child, additional, $"{path}.{name}")) yield return error;
                }
                else if (schema["additionalProperties"]?.GetValueKind() == JsonValueKind.False)
                {
                    yield return $"{path}.{name} is not a documented property";
                }
            }
        }
        if (value is JsonArray array && schema["items"] is JsonObject items)
        {
            for (var i = 0; i < array.Count; i++)
                foreach (var error in Errors(array[i], items, $"{path}[{i}]")) yield return error;
        }
    }

    private static bool IsOfType(JsonNode value, string type) => (type, value.GetValueKind()) switch
    {
        ("object", var kind) => kind == JsonValueKind.Object,
        ("array", var kind) => kind == JsonValueKind.Array,
        ("string", var kind) => kind == JsonValueKind.String,
        ("boolean", var kind) => kind is JsonValueKind.True or JsonValueKind.False,
        ("number", var kind) => kind == JsonValueKind.Number,
        ("integer", JsonValueKind.Number) => value.AsValue().TryGetValue<decimal>(out var number) && number == decimal.Truncate(number),
        ("integer", _) => false,
        _ => true,
    };

    private static bool IsDateTime(string text) =>
        DateTimeRfc3339().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static string Describe(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string {Preview(value.ToJsonString(), 60)}",
        _ => value.ToJsonString(),
    };

    private static string Preview(string text, int length) => text.Length <= length ? text : text[..length] + $"... ({text.Length} characters)";

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex DateTimeRfc3339();
}
