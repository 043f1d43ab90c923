namespace StatementTracker.Api.Infrastructure;

/// <summary>JSON paths as field names: "$.sources[0].url" → "sources[0].url"; "$" → null.</summary>
public static class JsonPaths
{
    public static string? ToField(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return null;
        var name = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return name.Replace("['", ".").Replace("']", "");
    }
}
