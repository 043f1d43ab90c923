using System.Globalization;
using System.Text.Json.Nodes;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.Statements;

namespace StatementTracker.Api.Imports;

/// <summary>
/// Maps LIAR2 (Xu and Kechadi, IEEE Access 2024: PolitiFact fact-checks with their dates) to import records. Each row
/// gives, in order: its speaker as a person and its subjects as topics, each the first time seen; PolitiFact's summary
/// of the claim ("Says ...") as a paraphrased statement; and PolitiFact's verdict on it as a review.
/// <list type="bullet">
/// <item><c>label</c> 0-5 is the Truth-O-Meter rating; 2 was "barely-true" until PolitiFact renamed it "Mostly False".</item>
/// <item><c>date</c> is written "July 28, 2022" and becomes saidAt 2022-07-28.</item>
/// <item>Speakers that name no one are skipped (<see cref="Liar2Speakers"/>); a person's name comes from the start of
/// <c>speaker_description</c> when it is written there, since <c>speaker</c> is lower case.</item>
/// <item>The medium is guessed from <c>context</c> (<see cref="Liar2Media"/>), which is also the venue.</item>
/// <item>The dataset has no link to PolitiFact's page and we do not invent one: the source cites the dataset and the
/// record, which is where the text was taken from.</item>
/// </list>
/// </summary>
public sealed class Liar2Mapping(string fileName) : IDatasetMapping
{
    public const string DatasetUrl = "https://github.com/chengxuphd/liar2";
    public const string DatasetPublisher = "LIAR2 (Xu and Kechadi, IEEE Access 2024), from PolitiFact";

    /// <summary>The rating for each label, 0 to 5.</summary>
    public static readonly IReadOnlyList<string> Ratings = ["Pants on Fire", "False", "Mostly False", "Half True", "Mostly True", "True"];

    private const int MaxVenue = 300;
    private const int MaxDescription = 2000;
    private const int MaxSummary = 10_000;

    private readonly HashSet<string> _people = new(StringComparer.Ordinal);
    private readonly HashSet<string> _topics = new(StringComparer.Ordinal);

    public string Format => "liar2";

    public IReadOnlyList<string> RequiredColumns { get; } =
        ["id", "label", "statement", "date", "subject", "speaker", "speaker_description", "context", "justification"];

    public MappedRow Map(long line, IReadOnlyDictionary<string, string> row)
    {
        string Cell(string column) => row.TryGetValue(column, out var value) ? value : "";

        var id = Cell("id").Trim();
        if (id.Length == 0 || id.Length > 20 || !id.All(char.IsAsciiDigit))
            return MappedRow.Skip(line, "id", $"id must be the record's number; '{Shown(id)}' is not one.");
        var speaker = ImportText.OneLine(Cell("speaker"));
        var description = ImportText.OneLine(Cell("speaker_description"));
        if (speaker.Length == 0)
            return MappedRow.Skip(line, "speaker", "speaker is empty: a statement needs someone who made it.");
        if (Liar2Speakers.IsNoOne(speaker, description))
            return MappedRow.Exclude(line, "speaker", $"the speaker '{Shown(speaker)}' is not a person: it names no one in particular, so the row is not imported.");
        var label = Cell("label").Trim();
        if (label is not [>= '0' and <= '5'])
            return MappedRow.Skip(line, "label", $"label must be a rating from 0 (Pants on Fire) to 5 (True); '{Shown(label)}' is not one.");
        var date = ImportText.OneLine(Cell("date"));
        if (!DateTime.TryParseExact(date, "MMMM d, yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var saidAt))
            return MappedRow.Skip(line, "date", $"date must be written like 'July 28, 2022'; '{Shown(date)}' is not.");
        var quote = ImportText.Normalize(Cell("statement"));
        if (quote.Length == 0)
            return MappedRow.Skip(line, "statement", "statement is empty: there is no claim to import.");
        var name = Liar2Speakers.Name(speaker, description);
        var person = Slug.From(name);
        if (person.Length == 0)
            return MappedRow.Skip(line, "speaker", $"no slug can be made from the speaker '{Shown(speaker)}'.");

        var records = new List<JsonObject>();
        if (_people.Add(person)) records.Add(Person(name, person, Cell("speaker_description")));
        var topics = Topics(Cell("subject"), records);
        var externalId = $"liar2:{id}";
        records.Add(Statement(person, quote, saidAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ImportText.OneLine(Cell("context")), externalId, id, topics));
        records.Add(Review(externalId, Ratings[label[0] - '0'], ImportText.Normalize(Cell("justification"))));
        return new MappedRow(records, null);
    }

    private static JsonObject Person(string name, string slug, string description)
    {
        var person = new JsonObject { ["type"] = "person", ["name"] = name, ["slug"] = slug };
        var text = ImportText.Normalize(description);
        if (text.Length > 0) person["description"] = ImportText.CutAtWord(text, MaxDescription);
        return person;
    }

    /// <summary>The row's subjects as topic slugs, each once and at most as many as a statement may have; new topics are emitted.</summary>
    private List<string> Topics(string subjects, List<JsonObject> records)
    {
        var slugs = new List<string>();
        foreach (var subject in subjects.Split(';'))
        {
            var text = ImportText.OneLine(subject);
            if (text.Length == 0) continue;
            var name = char.ToUpperInvariant(text[0]) + text[1..];
            var slug = Slug.From(name);
            if (slug.Length == 0 || slugs.Contains(slug)) continue;
            if (slugs.Count == StatementRules.MaxTopics) break;
            slugs.Add(slug);
            if (_topics.Add(slug)) records.Add(new JsonObject { ["type"] = "topic", ["name"] = name, ["slug"] = slug });
        }
        return slugs;
    }

    private JsonObject Statement(string person, string quote, string saidAt, string context, string externalId, string id, List<string> topics)
    {
        var statement = new JsonObject
        {
            ["type"] = "statement",
            ["person"] = person,
            ["quote"] = quote,
            ["wording"] = "paraphrase",
            ["saidAt"] = saidAt,
            ["medium"] = Liar2Media.FromContext(context),
        };
        if (context.Length > 0) statement["venue"] = ImportText.CutAtWord(context, MaxVenue);
        statement["language"] = "en";
        statement["externalId"] = externalId;
        statement["sources"] = new JsonArray(new JsonObject
        {
            ["url"] = DatasetUrl,
            ["title"] = $"LIAR2 dataset, {fileName}, record {id}",
            ["publisher"] = DatasetPublisher,
        });
        if (topics.Count > 0) statement["topics"] = new JsonArray([.. topics.Select(t => (JsonNode)t)]);
        return statement;
    }

    private static JsonObject Review(string statement, string rating, string justification)
    {
        var review = new JsonObject
        {
            ["type"] = "review",
            ["statement"] = statement,
            ["externalId"] = statement,
            ["publisher"] = new JsonObject { ["name"] = "PolitiFact", ["url"] = "https://www.politifact.com" },
            ["rating"] = rating,
        };
        if (justification.Length > 0) review["summary"] = ImportText.CutAtWord(justification, MaxSummary);
        return review;
    }

    private static string Shown(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
