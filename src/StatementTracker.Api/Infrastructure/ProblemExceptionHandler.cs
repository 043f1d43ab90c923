using System.Collections;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;

namespace StatementTracker.Api.Infrastructure;

/// <summary>
/// Turns what the framework throws on bad input (unreadable JSON, a wrong type, an unknown field, a wrong content
/// type, a body too large, an unparsable query value) into a precise problem that names the field. Anything else
/// is a 500 that says only that it happened: no stack trace, no SQL.
/// </summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        // A client that hung up is not a server error, and nobody is left to read an answer.
        if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested) return true;

        var (status, title, detail, errors) = exception switch
        {
            BadHttpRequestException bad => Describe(bad, context),
            RequestBodyException body => (400, "One or more fields are invalid.", body.Message, new Dictionary<string, string[]> { [body.Field] = [body.Message] }),
            Data.WriteQueueFullException full => (503, "The service is busy writing.", $"Writes are queued one at a time and {full.Message} Retry after the time Retry-After gives.", null),
            _ => (500, "An unexpected error occurred.", "The server failed to answer this request. It has been logged; please try again or report it.", null),
        };
        if (status >= 500) logger.LogError(exception, "Unhandled exception on {Method} {Path}", context.Request.Method, context.Request.Path);

        context.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable) context.Response.Headers.RetryAfter = "1";
        var problem = new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        };
        if (errors is not null) problem.ProblemDetails.Extensions["errors"] = errors;
        return await problems.TryWriteAsync(problem);
    }

    private static (int, string, string, Dictionary<string, string[]>?) Describe(BadHttpRequestException bad, HttpContext context)
    {
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
            return (413, "The request body is too large.", bad.Message, null);
        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
            return (415, "Unsupported media type.", $"Send the request body as JSON with Content-Type: application/json (it was '{context.Request.ContentType}').", null);

        if (bad.InnerException is JsonException json)
        {
            // The exception handler clears the endpoint before it runs; the feature keeps the one that failed.
            var endpoint = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
            var requestType = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
            return DescribeJson(json, requestType);
        }

        var bind = FailedToBind().Match(bad.Message);
        if (bind.Success)
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(bind.Groups["name"].Value);
            var clrType = bind.Groups["type"].Value;
            var type = clrType.Contains("int", StringComparison.OrdinalIgnoreCase) || clrType.Contains("long", StringComparison.OrdinalIgnoreCase) ? "an integer"
                : clrType.Contains("bool", StringComparison.OrdinalIgnoreCase) ? "true or false"
                : "a valid value";
            return (400, "One or more fields are invalid.", $"The query or route value '{name}' could not be read.",
                new() { [name] = [$"{name} must be {type}; it was '{bind.Groups["value"].Value}'."] });
        }
        if (bad.Message.Contains("was not provided", StringComparison.Ordinal) || bad.Message.Contains("no body was provided", StringComparison.Ordinal))
            return (400, "A request body is required.", "This operation needs a JSON object in the request body.", new() { ["body"] = ["A JSON object is required."] });

        return (bad.StatusCode, "The request is invalid.", bad.Message, null);
    }

    /// <summary>What a JSON error in a body of <paramref name="requestType"/> means, as the fields at fault: the importer reports its lines with it too.</summary>
    public static (int Status, string Title, string Detail, Dictionary<string, string[]>? Errors) DescribeJson(JsonException json, Type? requestType)
    {
        var field = JsonPaths.ToField(json.Path);
        var unmapped = UnmappedProperty().Match(json.Message);
        if (unmapped.Success)
        {
            // The path already ends in the unknown property; its parent tells which fields would have been right.
            var key = field ?? unmapped.Groups["name"].Value;
            var parentPath = json.Path is { } path && path.LastIndexOfAny(['.', '[']) is var cut and > 0 ? path[..cut] : "$";
            var known = KnownFields(TypeAt(requestType, parentPath));
            var hint = known.Count > 0 ? $" Known fields: {string.Join(", ", known)}." : "";
            return (400, "One or more fields are invalid.", $"The request has a field this operation does not know: '{key}'.",
                new() { [key] = [$"{key} is not a field of this request.{hint}"] });
        }
        if (json.InnerException is InvalidOperationException { Message: var inner } && inner.Contains("UTF-16", StringComparison.Ordinal) && field is not null)
        {
            return (400, "One or more fields are invalid.", $"The field '{field}' is not valid text.",
                new() { [field] = [$"{field} must be valid Unicode text; escapes of unpaired surrogates (such as \\ud800) are not."] });
        }
        if (json.Message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase))
        {
            // The document parser reports the path of the object, the serializer that of the property; both quote the name.
            var quoted = QuotedName().Match(json.Message);
            var key = field ?? (quoted.Success ? quoted.Groups["name"].Value : "body");
            return (400, "One or more fields are invalid.", $"The field '{key}' appears more than once in the body.",
                new() { [key] = [$"{key} appears more than once; send each field once."] });
        }
        if (json.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            if (field is null)
                return (400, "The request body is not a JSON object.", "The body must be a JSON object.", new() { ["body"] = ["The body must be a JSON object."] });
            var expected = Expectation(TypeAt(requestType, json.Path), IsRequired(requestType, json.Path));
            return (400, "One or more fields are invalid.", $"The field '{field}' has a value of the wrong type.",
                new() { [field] = [$"{field} must be {expected}."] });
        }
        var where = json.LineNumber is { } line ? $" (line {line + 1}, byte {json.BytePositionInLine + 1})" : "";
        var reason = ReaderNoise().Replace(json.Message, "").Trim();
        return (400, "The request body is not valid JSON.", $"The body could not be read as JSON{where}: {reason}",
            new() { ["body"] = [$"Not valid JSON{where}: {reason}"] });
    }

    /// <summary>Whether the property at a JSON path carries [Required]: then null is no more welcome than a wrong type.</summary>
    private static bool IsRequired(Type? requestType, string? path)
    {
        if (path is null) return false;
        var cut = path.LastIndexOf('.');
        if (cut < 0 || path.EndsWith(']')) return false;
        var parent = TypeAt(requestType, path[..cut]);
        var name = path[(cut + 1)..];
        return parent?.GetProperties().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            ?.GetCustomAttributes(typeof(System.ComponentModel.DataAnnotations.RequiredAttribute), true).Length > 0;
    }

    /// <summary>The CLR type the request expects at a JSON path, walking properties and list elements.</summary>
    private static Type? TypeAt(Type? type, string? path)
    {
        if (type is null || path is null) return type;
        foreach (Match segment in PathSegment().Matches(path))
        {
            if (type is null) return null;
            if (segment.Groups["index"].Success)
            {
                type = ElementType(type);
                continue;
            }
            var name = segment.Groups["name"].Value;
            type = type.GetProperties().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.PropertyType;
        }
        return type;
    }

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static List<string> KnownFields(Type? type) =>
        type is null || type == typeof(string) || typeof(IEnumerable).IsAssignableFrom(type)
            ? []
            : type.GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToList();

    private static string Expectation(Type? type, bool required)
    {
        if (type is null) return "a value of the documented type";
        var nullable = Nullable.GetUnderlyingType(type);
        var core = nullable ?? type;
        var text = core == typeof(string) ? "a string"
            : core == typeof(int) || core == typeof(long) ? "an integer"
            : core == typeof(bool) ? "true or false"
            : core == typeof(double) || core == typeof(decimal) ? "a number"
            : typeof(IEnumerable).IsAssignableFrom(core) ? "an array"
            : "an object";
        return !required && (!core.IsValueType || nullable is not null) ? $"{text} or null" : text;
    }

    [GeneratedRegex(@"\s*(Path: \S*\s*\|\s*)?LineNumber: \d+ \| BytePositionInLine: \d+\.?")]
    private static partial Regex ReaderNoise();

    // Singleline: the value is whatever the client sent, line breaks included.
    [GeneratedRegex("""Failed to bind parameter "(?<type>[^ "]+) (?<name>[^"]+)" from "(?<value>.*)"\.""", RegexOptions.Singleline)]
    private static partial Regex FailedToBind();

    [GeneratedRegex("'(?<name>[^']+)'")]
    private static partial Regex QuotedName();

    [GeneratedRegex("The JSON property '(?<name>.*)' could not be mapped")]
    private static partial Regex UnmappedProperty();

    [GeneratedRegex(@"\.(?<name>[A-Za-z_][A-Za-z0-9_]*)|\['(?<name>[^']*)'\]|\[(?<index>\d+)\]")]
    private static partial Regex PathSegment();
}
