using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using StatementTracker.Api.Reviews;

namespace StatementTracker.Api.Imports;

/// <summary>
/// Reads schema.org ClaimReview JSON-LD (one object, an array of them, or a DataFeed whose dataFeedElement holds them,
/// bare or wrapped in DataFeedItems) into import records: the claim as a statement of the person who made it, and
/// the review of it. Each ClaimReview is an "item" numbered from 1 in the order found; errors name the item.
/// </summary>
/// <remarks>
/// <para>The claim is a paraphrase unless the markup says the words are the speaker's own: a Quotation among the
/// Claim's firstAppearance or appearance whose text is claimReviewed (as this service writes exact wording).</para>
/// <para>Records are found again by identifier: the ClaimReview's and the Claim's own "identifier" when it is
/// namespace:value (this service writes one), otherwise one derived from the review's URL and from the claim's
/// author, words and date, so the same markup read twice changes nothing.</para>
/// <para>The claim is created when missing and an existing statement is left as it is (the markup is no authority on its
/// medium or sources); the review is created, or corrected when the verdict changed.</para>
/// <para>The whole ClaimReview object, unknown fields included, is kept as the review's raw form, unless this service
/// wrote it (its @id is one of our review URLs), since then it holds nothing the review does not. A ClaimReview file
/// is one JSON document and is read whole, so it is limited to <see cref="MaxBytes"/>; bulk data belongs in NDJSON.</para>
/// </remarks>
public static class ClaimReviewReader
{
    public const int MaxBytes = 64 * 1024 * 1024;

    public static async IAsyncEnumerable<ImportLine> ReadAsync(Stream input, ImportLimits limits,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        JsonNode? document = null;
        string? failure = null;
        try
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await input.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > MaxBytes) { failure = $"a ClaimReview document may be at most {MaxBytes / 1024 / 1024} MB; send larger sets as NDJSON."; break; }
                buffer.Write(chunk, 0, read);
            }
            if (failure is null)
                document = JsonNode.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length),
                    documentOptions: new JsonDocumentOptions { MaxDepth = Math.Max(limits.MaxDepth, 64), AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            failure = $"the document is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message.Split(" Path:")[0]}";
        }
        catch (DecoderFallbackException)
        {
            failure = "the document is not valid UTF-8.";
        }
        if (failure is not null)
        {
            yield return ImportLine.Failed(1, "", failure);
            yield break;
        }

        var item = 0L;
        foreach (var node in Items(document))
        {
            item++;
            if (node is not JsonObject claimReview || !IsType(claimReview, "ClaimReview"))
            {
                yield return ImportLine.Failed(item, "@type", $"item {item} is not a ClaimReview object.");
                continue;
            }
            var (records, error) = Map(item, claimReview);
            if (error is not null) yield return new ImportLine(item, null, error);
            else foreach (var record in records) yield return new ImportLine(item, record, null);
        }
        if (item == 0) yield return ImportLine.Failed(1, "", "the document holds no ClaimReview: give one object, an array of them, or a DataFeed.");
    }

    /// <summary>The ClaimReviews of a document: itself, the members of an array, or a DataFeed's elements.</summary>
    private static IEnumerable<JsonNode?> Items(JsonNode? document)
    {
        if (document is JsonArray array) return array;
        if (document is JsonObject feed && IsType(feed, "DataFeed"))
            return (feed["dataFeedElement"] as JsonArray ?? []).Select(e => e is JsonObject wrapper && IsType(wrapper, "DataFeedItem") ? wrapper["item"] : e);
        return [document];
    }

    /// <summary>One ClaimReview as a statement record and a review record, or why it cannot be.</summary>
    internal static (List<JsonObject> Records, ImportError? Error) Map(long item, JsonObject claimReview)
    {
        ImportError Fail(string field, string message) => new(item, field, $"item {item}: {message}");

        var claimed = Text(claimReview["claimReviewed"]);
        if (claimed is null) return ([], Fail("claimReviewed", "claimReviewed is required: the claim the review rates."));
        var claim = claimReview["itemReviewed"] as JsonObject ?? new JsonObject();
        var speaker = Name(claim["author"]);
        if (speaker is null) return ([], Fail("itemReviewed.author.name", "itemReviewed.author.name is required: who made the claim."));
        var saidAt = Date(claim["datePublished"]) ?? Date((claim["firstAppearance"] as JsonObject)?["datePublished"])
            ?? Appearances(claim).Select(a => Date(a["datePublished"])).FirstOrDefault(d => d is not null);
        if (saidAt is null) return ([], Fail("itemReviewed.datePublished", "itemReviewed.datePublished is required: when the claim was made (a date, or a date-time with offset)."));
        var publisherName = Name(claimReview["author"]) ?? Name(claimReview["publisher"]);
        if (publisherName is null) return ([], Fail("author.name", "author.name is required: the fact-checker who published the review."));
        var reviewUrl = Text(claimReview["url"]);
        var publisherUrl = Url(claimReview["author"]) ?? Url(claimReview["publisher"])
            ?? (Uri.TryCreate(reviewUrl, UriKind.Absolute, out var article) ? $"{article.Scheme}://{article.Host}" : null);
        if (publisherUrl is null) return ([], Fail("author.url", "author.url is required when the review has no url to take the publisher's site from."));
        var rating = claimReview["reviewRating"] as JsonObject;
        var ratingText = Text(rating?["alternateName"]) ?? Text(rating?["name"]) ?? Number(rating?["ratingValue"]);
        if (ratingText is null) return ([], Fail("reviewRating.alternateName", "reviewRating.alternateName is required: the verdict in the publisher's words."));

        var exact = Appearances(claim).Prepend(claim["firstAppearance"] as JsonObject).OfType<JsonObject>()
            .Any(a => IsType(a, "Quotation") && Text(a["text"]) is { } words && ImportText.Normalize(words) == ImportText.Normalize(claimed));
        var sources = Appearances(claim).Prepend(claim["firstAppearance"] as JsonObject).OfType<JsonObject>()
            .Select(a => (Url: Text(a["url"]), Title: Text(a["headline"]) ?? Text(a["name"]), Publisher: Name(a["publisher"])))
            .Where(a => a.Url is not null).DistinctBy(a => a.Url).Take(20)
            .Select(a => Source(a.Url!, a.Title, a.Publisher)).ToList();
        // With no appearance to cite, the fact-check itself is the record that the claim was made.
        if (sources.Count == 0 && reviewUrl is not null) sources.Add(Source(reviewUrl, $"{publisherName}'s fact-check, which reports the claim", publisherName));

        var statementId = Identifier(claim["identifier"]) ?? $"claim:{Hash($"{speaker}\n{ImportText.Normalize(claimed)}\n{saidAt}")}";
        var statement = new JsonObject
        {
            ["type"] = "statement",
            ["onExisting"] = "keep",
            ["person"] = speaker,
            ["quote"] = claimed,
            ["wording"] = exact ? "exact" : "paraphrase",
            ["saidAt"] = saidAt,
            ["medium"] = Medium(sources),
            ["externalId"] = statementId,
            ["sources"] = new JsonArray([.. sources]),
        };
        if (Text(claimReview["inLanguage"]) is { } language) statement["language"] = language;

        var review = new JsonObject
        {
            ["type"] = "review",
            ["statement"] = statementId,
            ["externalId"] = Identifier(claimReview["identifier"]) ?? $"claimreview:{Hash(reviewUrl ?? Text(claimReview["@id"]) ?? $"{publisherName}\n{statementId}")}",
            ["publisher"] = new JsonObject { ["name"] = publisherName, ["url"] = publisherUrl },
            ["rating"] = ratingText,
        };
        // Markup this service wrote holds nothing beyond the review itself; anyone else's is kept whole, unknown fields and all.
        if (!WrittenHere(claimReview)) review["raw"] = claimReview.DeepClone();
        if (OnOurScale(rating) is { } normalised) review["normalisedRating"] = normalised;
        if (reviewUrl is not null) review["url"] = reviewUrl;
        if ((Name(claimReview["creator"]) ?? PersonAmong(claimReview["author"])) is { } author) review["author"] = author;
        if (Date(claimReview["datePublished"]) is { } reviewed) review["reviewedAt"] = reviewed;
        if (Text(claimReview["reviewBody"]) is { } body) review["summary"] = body;
        return ([statement, review], null);
    }

    /// <summary>This service's markup names its review by URL (@id) and always carries an identifier.</summary>
    private static bool WrittenHere(JsonObject claimReview) =>
        Identifier(claimReview["identifier"]) is not null && Text(claimReview["@id"]) is { } at
        && System.Text.RegularExpressions.Regex.IsMatch(at, @"/v1/reviews/rv_[0-9a-z]{16}$");

    /// <summary>A ratingValue on this service's own scale (worst 1, best 6) maps back to its step; any other scale is read by its words.</summary>
    private static string? OnOurScale(JsonObject? rating)
    {
        if (rating is null || Integer(rating["ratingValue"]) is not { } value) return null;
        if (Integer(rating["bestRating"]) != Ratings.Best || Integer(rating["worstRating"]) != Ratings.Worst) return null;
        return value is >= Ratings.Worst and <= Ratings.Best ? Ratings.Scale[Ratings.Best - value] : null;
    }

    private static JsonObject Source(string url, string? title, string? publisher)
    {
        var source = new JsonObject { ["url"] = url };
        if (title is not null) source["title"] = title.Length > 500 ? ImportText.CutAtWord(title, 500) : title;
        if (publisher is not null) source["publisher"] = publisher;
        return source;
    }

    private static string Medium(List<JsonObject> sources)
    {
        var host = sources.Count > 0 && Uri.TryCreate(sources[0]["url"]!.GetValue<string>(), UriKind.Absolute, out var uri) ? uri.Host.ToLowerInvariant() : "";
        if (host is "twitter.com" or "x.com" || host.EndsWith(".twitter.com", StringComparison.Ordinal)) return "tweet";
        if (host.Contains("facebook.") || host.Contains("instagram.") || host.Contains("tiktok.")) return "social_post";
        return "other";
    }

    private static IEnumerable<JsonObject> Appearances(JsonObject claim) => claim["appearance"] switch
    {
        JsonArray many => many.OfType<JsonObject>(),
        JsonObject one => [one],
        _ => [],
    };

    private static bool IsType(JsonObject node, string type) => node["@type"] switch
    {
        JsonValue value => value.TryGetValue<string>(out var name) && name == type,
        JsonArray types => types.Any(t => t is JsonValue v && v.TryGetValue<string>(out var name) && name == type),
        _ => false,
    };

    /// <summary>A name given as text, as an object's name, or as the first of a list of either.</summary>
    private static string? Name(JsonNode? node) => node switch
    {
        JsonValue => Text(node),
        JsonObject thing => Text(thing["name"]),
        JsonArray list => list.Select(Name).FirstOrDefault(n => n is not null),
        _ => null,
    };

    private static string? PersonAmong(JsonNode? node) => node is JsonArray list
        ? list.OfType<JsonObject>().Where(a => IsType(a, "Person")).Select(a => Text(a["name"])).FirstOrDefault(n => n is not null)
        : null;

    private static string? Url(JsonNode? node) => node switch
    {
        JsonObject thing => Text(thing["url"]) ?? Text(thing["sameAs"] is JsonArray same ? same.FirstOrDefault() : thing["sameAs"]),
        JsonArray list => list.Select(Url).FirstOrDefault(u => u is not null),
        _ => null,
    };

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

    private static string? Number(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.ToJsonString() : Text(node);

    private static int? Integer(JsonNode? node) =>
        node is JsonValue value && (value.TryGetValue<int>(out var n) || (value.TryGetValue<string>(out var text) && int.TryParse(text, out n))) ? n : null;

    /// <summary>An identifier this service can file under: namespace:value, as externalIds are written.</summary>
    private static string? Identifier(JsonNode? node) =>
        Text(node) is { } id && System.Text.RegularExpressions.Regex.IsMatch(id, @"^[a-z0-9][a-z0-9_.-]{0,39}:\S{1,200}$") ? id : null;

    /// <summary>A date as schema.org writes it: a date, or a date-time; a date-time without an offset keeps only its date.</summary>
    private static string? Date(JsonNode? node)
    {
        if (Text(node) is not { } text) return null;
        if (text.Length > 10 && text[10] == 'T' && !(text.EndsWith('Z') || System.Text.RegularExpressions.Regex.IsMatch(text, @"[+-]\d\d:\d\d$"))) return text[..10];
        return text.EndsWith('Z') ? text[..^1] + "+00:00" : text;
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..24];
}
