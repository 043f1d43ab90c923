using System.Text.Json;
using System.Text.Json.Nodes;

namespace StatementTracker.Api.Infrastructure;

/// <summary>
/// PATCH bodies are JSON merge patches (RFC 7396): a field left out stays as it is, a field set to null is cleared.
/// A patch is merged into the resource's editable form and the result is validated exactly like a create, so the
/// rules live in one place.
/// </summary>
public static class MergePatch
{
    public const string ContentType = "application/merge-patch+json";

    public static async Task<JsonObject> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasJsonContentType())
            throw new BadHttpRequestException("Expected a JSON body.", StatusCodes.Status415UnsupportedMediaType);
        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(request.Body, documentOptions: new JsonDocumentOptions { MaxDepth = 32 }, cancellationToken: ct);
        }
        catch (JsonException ex) when (ex.Message.Contains("The input does not contain any JSON tokens", StringComparison.Ordinal))
        {
            throw new BadHttpRequestException("A required request body was not provided.", StatusCodes.Status400BadRequest);
        }
        catch (JsonException ex)
        {
            throw new BadHttpRequestException("The body is not valid JSON.", StatusCodes.Status400BadRequest, ex);
        }
        return node as JsonObject ?? throw new BadHttpRequestException(
            "The request body must be a JSON object.", StatusCodes.Status400BadRequest);
    }

    /// <summary>Merges <paramref name="patch"/> into <paramref name="target"/> as RFC 7396 says.</summary>
    public static JsonObject Apply(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch)
        {
            if (value is null) target.Remove(name);
            else if (value is JsonObject child && target[name] is JsonObject existing) Apply(existing, child);
            else target[name] = value.DeepClone();
        }
        return target;
    }

    /// <summary>Reads the merged document as <typeparamref name="T"/>; type errors surface as the usual 400.</summary>
    public static T Deserialize<T>(JsonObject merged, JsonSerializerOptions options)
    {
        try
        {
            return merged.Deserialize<T>(options) ?? throw new JsonException("The body is null.");
        }
        catch (JsonException ex)
        {
            throw new BadHttpRequestException("The body could not be read.", StatusCodes.Status400BadRequest, ex);
        }
    }
}
