using System.Text.Json;
using System.Text.Json.Nodes;

namespace StatementTracker.Api.Imports;

/// <summary>
/// Turns one NDJSON line into a <see cref="JsonObject"/> token by token, so that what a generic parser lets through
/// (a property given twice, of which the last would silently win) or reports vaguely is named with its line, byte
/// and JSON path.
/// </summary>
internal static class JsonLineParser
{
    private sealed class Container(JsonNode node, string path)
    {
        public JsonNode Node { get; } = node;
        public string Path { get; } = path;
        public string? Property { get; set; }

        /// <summary>The path of the value that comes next in this container.</summary>
        public string ChildPath => Node is JsonArray array
            ? $"{Path}[{array.Count}]"
            : Path.Length == 0 ? Property! : $"{Path}.{Property}";

        public void Add(JsonNode? value)
        {
            if (Node is JsonArray array) array.Add(value);
            else ((JsonObject)Node).Add(Property!, value);
        }
    }

    public static ImportLine Parse(long line, ReadOnlySpan<byte> bytes, int maxDepth, bool endsFile)
    {
        var invalid = Utf8Check.FirstInvalidByte(bytes);
        if (invalid >= 0) return ImportLine.Failed(line, "", RecordMessages.NotUtf8($"line {line}", invalid));
        try
        {
            return Build(line, bytes, maxDepth);
        }
        catch (JsonException e)
        {
            return ImportLine.Failed(line, "", SyntaxMessage(line, bytes, e, endsFile));
        }
        catch (InvalidOperationException)
        {
            // GetString refuses an escaped lone surrogate ("\ud800"): valid JSON syntax, but no text.
            return ImportLine.Failed(line, "", $"line {line} has a string with an escape that is not a whole character (a lone \\uD800-\\uDFFF surrogate).");
        }
    }

    private static ImportLine Build(long line, ReadOnlySpan<byte> bytes, int maxDepth)
    {
        // The reader may go one level deeper than allowed so that the too-deep value is ours to report, with its path.
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = maxDepth + 1 });
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
            return ImportLine.Failed(line, "", $"line {line} is not a JSON object: each line must hold one object {{...}}, not {Describe(reader.TokenType)}.");

        var root = new JsonObject();
        var open = new Stack<Container>();
        open.Push(new Container(root, ""));
        while (open.Count > 0 && reader.Read())
        {
            var current = open.Peek();
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    current.Property = reader.GetString()!;
                    if (((JsonObject)current.Node).ContainsKey(current.Property))
                        return ImportLine.Failed(line, current.ChildPath,
                            $"line {line} has the property \"{current.ChildPath}\" more than once; a name may appear only once in an object.");
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    if (open.Count >= maxDepth)
                        return ImportLine.Failed(line, current.ChildPath,
                            $"line {line} nests objects and arrays more than {maxDepth} levels deep at \"{current.ChildPath}\".");
                    JsonNode child = reader.TokenType == JsonTokenType.StartObject ? new JsonObject() : new JsonArray();
                    var childPath = current.ChildPath;
                    current.Add(child);
                    open.Push(new Container(child, childPath));
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    open.Pop();
                    break;
                default:
                    current.Add(Value(ref reader));
                    break;
            }
        }
        // Whatever follows the object (another value, a stray character) makes the reader throw here.
        while (reader.Read()) { }
        return new ImportLine(line, root, null);
    }

    private static JsonNode? Value(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => JsonValue.Create(reader.GetString()),
        JsonTokenType.True => JsonValue.Create(true),
        JsonTokenType.False => JsonValue.Create(false),
        JsonTokenType.Null => null,
        // A number keeps its exact text: 1.10 stays 1.10 and a 20-digit id is not rounded through a double.
        _ => JsonValue.Create(JsonElement.ParseValue(ref reader)),
    };

    private static string SyntaxMessage(long line, ReadOnlySpan<byte> bytes, JsonException e, bool endsFile)
    {
        var position = (e.BytePositionInLine ?? bytes.Length) + 1;
        var reason = e.Message;
        var detail = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (detail >= 0) reason = reason[..detail];
        // The reader's advice is for the programmer who configures it, not for whoever wrote the file.
        reason = reason.Replace(" which is not supported in this mode. Change the reader options.", ", which JSON does not allow.");
        if (!IsValidPrefix(bytes)) return $"line {line} is not valid JSON at byte {position}: {reason}";
        return endsFile
            ? $"line {line} is cut off: the file ends before its JSON object is complete."
            : $"line {line} ends before its JSON object is complete; a record must not contain a line break outside its strings.";
    }

    /// <summary>True when the bytes are valid JSON that merely stops early: more bytes could still complete them.</summary>
    private static bool IsValidPrefix(ReadOnlySpan<byte> bytes)
    {
        var reader = new Utf8JsonReader(bytes, isFinalBlock: false, new JsonReaderState(new JsonReaderOptions { MaxDepth = int.MaxValue / 2 }));
        try
        {
            while (reader.Read()) { }
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "true or false",
        JsonTokenType.Null => "null",
        _ => "anything else",
    };
}
