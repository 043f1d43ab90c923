using System.Text.Json;
using System.Text.Unicode;
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
        // Buffered whole: the body-size limit already bounds it, and UTF-8 must be checked before parsing
        // (the node parser would quietly turn invalid bytes into U+FFFD).
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (bytes.Span.Trim(" \t\r\n"u8).IsEmpty) throw new RequestBodyException("body", "A JSON object is required.");
        if (!Utf8.IsValid(bytes.Span)) throw new RequestBodyException("body", "The body is not valid UTF-8.");

        JsonNode? node;
        try
        {
            var maxDepth = request.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<StatementTrackerOptions>>().Value.MaxJsonDepth;
            node = JsonNode.Parse(bytes.Span, documentOptions: new JsonDocumentOptions { MaxDepth = maxDepth, AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            throw new BadHttpRequestException("The body is not valid JSON.", StatusCodes.Status400BadRequest, ex);
        }
        if (node is not JsonObject patch) throw new RequestBodyException("body", "The body must be a JSON object.");
        RefuseBrokenText(patch);
        return patch;
    }

    /// <summary>Escapes such as \ud800 parse but make no valid text; find them here, where the field can be named.</summary>
    private static void RefuseBrokenText(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj) if (child is not null) RefuseBrokenText(child);
                break;
            case JsonArray array:
                foreach (var child in array) if (child is not null) RefuseBrokenText(child);
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                try { value.GetValue<string>(); }
                catch (InvalidOperationException)
                {
                    var field = JsonPaths.ToField(value.GetPath()) ?? "body";
                    throw new RequestBodyException(field, $"{field} must be valid Unicode text; escapes of unpaired surrogates (such as \\ud800) are not.");
                }
                break;
        }
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

    /// <summary>
    /// Slugs are ids in URLs that other systems keep, so a patch may resend the current one but not change it.
    /// Removes the slug from the patch either way.
    /// </summary>
    public static void KeepSlug(JsonObject patch, string currentSlug, ValidationErrors errors)
    {
        if (patch.TryGetPropertyValue("slug", out var slug) && !(slug is JsonValue value && value.TryGetValue<string>(out var same) && same == currentSlug))
            errors.Add("slug", "slug cannot be changed: other systems link to it.");
        patch.Remove("slug");
    }

    /// <summary>
    /// The resource's editable form (a create request) with the patch merged in, read back as that request, so
    /// the caller validates it exactly like a create.
    /// </summary>
    public static T Merge<T>(T current, JsonObject patch, JsonSerializerOptions options) =>
        Deserialize<T>(Apply(JsonSerializer.SerializeToNode(current, options)!.AsObject(), patch), options);

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
