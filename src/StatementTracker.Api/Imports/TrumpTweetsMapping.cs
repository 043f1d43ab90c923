using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace StatementTracker.Api.Imports;

/// <summary>
/// Maps the @realDonaldTrump archive (Text, Date, Favorites, Retweets, Tweet ID) to statements, each tweet an exact
/// quote by "Donald Trump", named rather than given by slug so the importer can match his name or an alias. The time
/// said comes from the tweet's id (<see cref="TweetTime"/>), shown in US Central time like the archive's Date column;
/// a Date more than a minute away from it is counted in <see cref="DatesDisagreeingWithId"/>, not refused, because the
/// id is the better witness. Links the scraper stripped leave runs of spaces, which are collapsed.
/// A manual retweet (the text opens with a quoted <c>"@someone:</c>, about 3,700 rows of the archive) carries someone
/// else's words, usually praise of him; recording them as his exact words would be false, so such a row is reported
/// as skipped, not imported.
/// </summary>
public sealed partial class TrumpTweetsMapping : IDatasetMapping
{
    public const string Person = "Donald Trump";

    private static readonly TimeSpan DateTolerance = TimeSpan.FromSeconds(60);

    public string Format => "trump-tweets";

    public IReadOnlyList<string> RequiredColumns { get; } = ["Text", "Date", "Tweet ID"];

    /// <summary>Rows whose Date column (Central local time) is missing or more than 60 seconds from the time in their id.</summary>
    public int DatesDisagreeingWithId { get; private set; }

    [GeneratedRegex("&(amp|lt|gt|quot|#39);", RegexOptions.CultureInvariant)]
    private static partial Regex Entity();

    [GeneratedRegex("^[\"“]@(?<account>[A-Za-z0-9_]{1,15}):", RegexOptions.CultureInvariant)]
    private static partial Regex ManualRetweet();

    public MappedRow Map(long line, IReadOnlyDictionary<string, string> row)
    {
        string Cell(string column) => row.TryGetValue(column, out var value) ? value : "";

        var idText = Cell("Tweet ID").Trim();
        if (!long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
            return MappedRow.Skip(line, "Tweet ID", $"Tweet ID must be a positive whole number; '{(idText.Length > 40 ? idText[..40] + "…" : idText)}' is not one.");
        var quote = ImportText.Normalize(DecodeEntities(Cell("Text")));
        if (quote.Length == 0)
            return MappedRow.Skip(line, "Text", "Text is empty: there is no tweet to import.");
        if (ManualRetweet().Match(quote) is { Success: true } retweet)
            return MappedRow.Exclude(line, "Text", $"a manual retweet of @{retweet.Groups["account"].Value}: the words are theirs, not his, so it is not recorded as his statement.");
        var said = TweetTime.CentralFromId(id);
        if (!Agrees(Cell("Date"), said)) DatesDisagreeingWithId++;

        return new MappedRow([new JsonObject
        {
            ["type"] = "statement",
            ["person"] = Person,
            ["quote"] = quote,
            ["wording"] = "exact",
            ["saidAt"] = TweetTime.Format(said),
            ["medium"] = "tweet",
            ["venue"] = "Twitter (@realDonaldTrump)",
            ["language"] = "en",
            ["externalId"] = $"twitter:{id}",
            ["sources"] = new JsonArray(new JsonObject
            {
                ["url"] = $"https://twitter.com/realDonaldTrump/status/{id}",
                ["title"] = "@realDonaldTrump on Twitter",
                ["publisher"] = "Twitter",
            }),
        }], null);
    }

    /// <summary>
    /// Decodes the five entities Twitter's API escapes in tweet text, in one pass so that "&amp;amp;lt;" becomes "&amp;lt;"
    /// and not "&lt;". This archive holds none (its ampersands are bare), but text taken from the API has them.
    /// </summary>
    internal static string DecodeEntities(string text) => Entity().Replace(text, m => m.Groups[1].Value switch
    {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        _ => "'",
    });

    /// <summary>Compares wall-clock times, so the hour a DST change repeats is no puzzle.</summary>
    private static bool Agrees(string date, DateTimeOffset said) =>
        DateTime.TryParseExact(date.Trim(), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
        && (local - said.DateTime).Duration() <= DateTolerance;
}
