using System.Buffers;
using System.Text;
using System.Text.Json;
using StatementTracker.Api.Positions;

namespace StatementTracker.Api.Statements;

/// <summary>
/// A statement's sources (in their order), the topics it is about and its stances (each by topic slug, in ordinal
/// order): what a page shows of it from other tables, kept beside its row as statements.parts (migration 0017) so a
/// page reads them with the row. The document is compact JSON, written and read only here:
/// <c>{"s":[[url,title,publisher,publishedAt,archiveUrl],...],"t":[slug,...],"p":[[slug,stance],...]}</c>, each value
/// a string or null.
/// </summary>
public sealed record StatementParts(IReadOnlyList<Source> Sources, IReadOnlyList<string> Topics, IReadOnlyList<StatementPosition> Stances)
{
    /// <summary>
    /// The parts a new statement's input writes, in the order the tables give them back: sources as given, topics and
    /// stances by slug. Topic slugs are the stored ones, since a topic is found by its exact slug, and the sources are
    /// written as given (<see cref="StatementStore.InsertAsync"/>).
    /// </summary>
    public static StatementParts Of(StatementInput input) => new(
        input.Sources,
        input.Topics.Order(StringComparer.Ordinal).ToList(),
        input.Positions.OrderBy(p => p.Topic, StringComparer.Ordinal).Select(p => new StatementPosition(p.Topic, p.Stance)).ToList());

    // Kept as the text was given, not \u-escaped: the document is stored, never served as it is.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The document; an <see cref="ArgumentException"/> for text JSON cannot hold (a lone surrogate).</summary>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteStartArray("s");
            foreach (var source in Sources)
            {
                json.WriteStartArray();
                json.WriteStringValue(source.Url);
                WriteNullable(json, source.Title);
                WriteNullable(json, source.Publisher);
                WriteNullable(json, source.PublishedAt);
                WriteNullable(json, source.ArchiveUrl);
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteStartArray("t");
            foreach (var topic in Topics) json.WriteStringValue(topic);
            json.WriteEndArray();
            json.WriteStartArray("p");
            foreach (var stance in Stances)
            {
                json.WriteStartArray();
                json.WriteStringValue(stance.Topic);
                json.WriteStringValue(stance.Stance);
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The parts a document written by <see cref="ToJson"/> holds; a <see cref="FormatException"/> for anything else.</summary>
    public static StatementParts Parse(string document)
    {
        try
        {
            using var json = JsonDocument.Parse(document);
            var root = json.RootElement;
            var sources = root.GetProperty("s").EnumerateArray().Select(s => new Source(
                s[0].GetString()!, s[1].GetString(), s[2].GetString(), s[3].GetString(), s[4].GetString())).ToList();
            var topics = root.GetProperty("t").EnumerateArray().Select(t => t.GetString()!).ToList();
            var stances = root.GetProperty("p").EnumerateArray().Select(p => new StatementPosition(p[0].GetString()!, p[1].GetString()!)).ToList();
            return new StatementParts(sources, topics, stances);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw new FormatException($"statements.parts holds a document this version cannot read: {ex.Message}", ex);
        }
    }

    /// <summary>The parts <paramref name="document"/> holds; null for a document this version cannot read.</summary>
    public static StatementParts? TryParse(string document)
    {
        try { return Parse(document); }
        catch (FormatException) { return null; }
    }

    private static void WriteNullable(Utf8JsonWriter json, string? value)
    {
        if (value is null) json.WriteNullValue();
        else json.WriteStringValue(value);
    }
}
