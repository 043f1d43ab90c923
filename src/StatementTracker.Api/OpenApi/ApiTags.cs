using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace StatementTracker.Api.OpenApi;

/// <summary>
/// The document's tags, in the order a newcomer works through them: who, what they said, in order, how it connects,
/// what it is about, where they stood, when they turned, what was corrected, then what keeps you posted and the whole
/// database to take away. Swagger UI shows tags in the order the document declares them, so this list is the table of
/// contents.
/// </summary>
public static class ApiTags
{
    public const string People = "People";
    public const string Statements = "Statements";
    public const string Timeline = "Timeline";
    public const string Links = "Links";
    public const string Topics = "Topics";
    public const string Positions = "Positions";
    public const string Reversals = "Reversals";
    public const string Reviews = "Fact-checks";
    public const string Imports = "Imports";
    public const string Revisions = "Revisions";
    public const string Feeds = "Feeds";
    public const string Data = "Data";
    public const string Health = "Health";

    public static IReadOnlyList<(string Name, string Description)> InOrder { get; } =
    [
        (People, "Who said it: politicians, officials and spokespeople, found by name or alias."),
        (Statements, "What was said, word for word, when and where, with the sources that prove it; found across people by filters and full-text search."),
        (Timeline, "One person's statements in the order they were said."),
        (Links, "How statements connect: a reversal, a walk-back, a reply, a contradiction, each read from the later statement."),
        (Topics, "What statements are about, in a hierarchy (foreign-policy → us-russia-cyber-unit)."),
        (Positions, "Where a person stood on a topic on any date, derived from the stances their statements take."),
        (Reversals, "Every time someone changed their mind, rated on the Flip-O-Meter."),
        (Reviews, "Publishers' verdicts on statements, on one shared scale, in and out as schema.org ClaimReview."),
        (Imports, "Whole files in: NDJSON in the API's shapes, CSV, ClaimReview, or a public dataset through its mapping, run as jobs that report every line."),
        (Revisions, "Nothing is overwritten: every change to a record, with its diff, and the public corrections log."),
        (Feeds, "Atom feeds of a person, a topic, the reversals or any search, for a feed reader."),
        (Data, "The whole database in one file, revisions and history included, to keep or to restore into an empty database."),
        (Health, "Whether the service and its database are up."),
    ];

    /// <summary>
    /// Orders the document's paths by their tag's place in <see cref="InOrder"/>, so openapi.yaml reads in the order
    /// Swagger UI shows; within a tag, endpoints keep the order their routes are mapped in.
    /// </summary>
    public static string SortKey(Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription api)
    {
        var tag = api.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Http.Metadata.ITagsMetadata>().SelectMany(t => t.Tags).FirstOrDefault();
        var place = InOrder.Select(t => t.Name).ToList().IndexOf(tag ?? "");
        return $"{(place < 0 ? InOrder.Count : place):D2}";
    }
}

/// <summary>
/// Declares the tags at the top of the document in <see cref="ApiTags.InOrder"/>, each with its description, in place
/// of the alphabetical list of bare names Swashbuckle makes from the operations.
/// </summary>
public sealed class TagOrderFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var used = document.Paths.Values.SelectMany(path => path.Operations?.Values.AsEnumerable() ?? [])
            .SelectMany(operation => operation.Tags?.AsEnumerable() ?? []).Select(tag => tag.Name).ToHashSet();
        var undeclared = used.Where(name => name is not null && ApiTags.InOrder.All(tag => tag.Name != name)).ToList();
        // A tag an endpoint invents would sit, undescribed, after Health: name it in ApiTags instead.
        if (undeclared.Count > 0)
            throw new InvalidOperationException($"Operations use tags that ApiTags does not declare: {string.Join(", ", undeclared)}.");

        // A new HashSet enumerates in the order of insertion, which is the order Swagger UI shows; a test pins it.
        document.Tags = new HashSet<OpenApiTag>(ApiTags.InOrder.Where(tag => used.Contains(tag.Name))
            .Select(tag => new OpenApiTag { Name = tag.Name, Description = tag.Description }));
    }
}
