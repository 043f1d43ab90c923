using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.OpenApi;
using StatementTracker.Api.People;
using StatementTracker.Api.Reversals;
using StatementTracker.Api.Statements;
using StatementTracker.Api.Topics;

namespace StatementTracker.Api.Feeds;

/// <summary>Query parameters of the search feed: the statement list's filters, without paging.</summary>
public sealed record StatementFeedQuery
{
    [Description("Only statements by these people (slug); repeatable."), FromQuery] public string[]? Person { get; init; }
    [Description("Only statements on these topics (slug); repeatable."), FromQuery] public string[]? Topic { get; init; }
    [Description("With topic: count sub-topics too."), DefaultValue(false)] public bool? IncludeSubtopics { get; init; }
    [Description("Only statements taking this stance."), StanceValues] public string? Stance { get; init; }
    [Description("Only statements made through this medium."), MediumValues] public string? Medium { get; init; }
    [Description("Only statements in this language.")] public string? Language { get; init; }
    [Description("Only statements covering an instant at or after the start of this date.")] public string? From { get; init; }
    [Description("Only statements covering an instant before the end of this date.")] public string? To { get; init; }
    [Description("An IANA time zone in which from and to dates are read; UTC when absent.")] public string? Tz { get; init; }
    [Description("Full-text search, as on the statement list.")] public string? Q { get; init; }
}

public static class FeedsApi
{
    public static RouteGroupBuilder MapFeeds(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").WithTags(ApiTags.Feeds);

        group.MapGet("/people/{slug}/feed.atom", GetPersonFeed)
            .WithName("GetPersonFeed")
            .WithSummary("A person's newest statements as an Atom feed")
            .WithDescription("The 50 most recent statements of the person (by when they were said), for a feed reader: subscribe and see what they say next.")
            .Produces<string>(StatusCodes.Status200OK, AtomFeed.ContentType)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/topics/{slug}/feed.atom", GetTopicFeed)
            .WithName("GetTopicFeed")
            .WithSummary("The newest statements on a topic as an Atom feed")
            .WithDescription("The 50 most recent statements on the topic or any of its sub-topics, whether they take a stance on it or are only about it.")
            .Produces<string>(StatusCodes.Status200OK, AtomFeed.ContentType)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/reversals/feed.atom", GetReversalsFeed)
            .WithName("GetReversalsFeed")
            .WithSummary("The newest reversals as an Atom feed")
            .WithDescription("The 50 most recent reversals, each entry naming the earlier and the later statement and the Flip-O-Meter rating.")
            .Produces<string>(StatusCodes.Status200OK, AtomFeed.ContentType);

        group.MapGet("/statements/feed.atom", GetStatementsFeed)
            .WithName("GetStatementsFeed")
            .WithSummary("Any statement search as an Atom feed")
            .WithDescription("The 50 most recent statements that pass the statement list's filters: `feed.atom?q=cyber&person=donald-j-trump` tells a reader whenever he says something new about it.")
            .Produces<string>(StatusCodes.Status200OK, AtomFeed.ContentType);

        return group;
    }

    public static async Task<Results<AtomFeed, ProblemHttpResult>> GetPersonFeed(string slug, PeopleStore people, StatementStore statements, CancellationToken ct)
    {
        if (await people.FindBySlugAsync(slug, ct) is not { } person) return Problems.NotFound("person", slug);
        var page = await statements.TimelineAsync(person.Id, null, null, null, descending: true, includeRetracted: false, null, AtomFeed.Size, ct);
        return new AtomFeed($"urn:statementtracker:feed:people:{slug}", $"{person.Name}: statements", $"/v1/people/{slug}/feed.atom",
            $"/v1/people/{slug}/timeline?order=desc", page.Items.Select(Entry).ToList());
    }

    public static async Task<Results<AtomFeed, ProblemHttpResult>> GetTopicFeed(string slug, TopicStore topics, StatementListStore list, CancellationToken ct)
    {
        if (await topics.FindBySlugAsync(slug, ct) is not { } topic) return Problems.NotFound("topic", slug);
        var filter = new StatementFilter(null, await topics.SubtreeIdsAsync(topic.Id, ct), null, null, null, null, null, null, false);
        var (items, _) = await list.PageAsync(filter, "-saidAt", null, AtomFeed.Size, ct);
        return new AtomFeed($"urn:statementtracker:feed:topics:{slug}", $"{topic.Name}: statements", $"/v1/topics/{slug}/feed.atom",
            $"/v1/statements?topic={slug}&includeSubtopics=true&sort=-saidAt", items.Select(Entry).ToList());
    }

    public static async Task<AtomFeed> GetReversalsFeed(ReversalStore reversals, CancellationToken ct)
    {
        var page = await reversals.FeedAsync(null, null, null, null, null, null, AtomFeed.Size, null, ct);
        return new AtomFeed("urn:statementtracker:feed:reversals", "Reversals", "/v1/reversals/feed.atom", "/v1/reversals",
            page.Items.Select(Entry).ToList());
    }

    public static async Task<Results<AtomFeed, ValidationProblem>> GetStatementsFeed(
        [AsParameters] StatementFeedQuery query, HttpContext http, PeopleStore people, TopicStore topics, StatementListStore list, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var filter = await StatementListApi.FilterAsync(new StatementFilterQuery(query.Person, query.Topic, query.IncludeSubtopics, query.Stance,
            query.Medium, query.Language, null, query.From, query.To, query.Tz, query.Q, false), people, topics, errors, ct);
        if (filter is null) return Problems.Invalid(errors);
        var (items, _) = await list.PageAsync(filter, "-saidAt", null, AtomFeed.Size, ct);
        var search = http.Request.QueryString.Value ?? "";
        // The feed's id is its query as given, so the same search is the same feed for every reader.
        return new AtomFeed($"urn:statementtracker:feed:statements:{Uri.EscapeDataString(search)}", query.Q is null ? "Statements" : $"Statements: {query.Q}",
            $"/v1/statements/feed.atom{search}", $"/v1/statements{search}", items.Select(Entry).ToList());
    }

    private static AtomEntry Entry(Statement s)
    {
        var said = $"Said {s.SaidAt}" + (s.Medium is "other" ? "" : $" ({s.Medium.Replace('_', ' ')})") + (s.Venue is null ? "" : $", {s.Venue}") + ".";
        // A paraphrase is a fact-checker's summary of the claim, never shown as the speaker's words.
        if (s.Wording == "paraphrase") said = $"Paraphrased, not a quotation. {said}";
        var verdicts = s.Reviews.Select(r => $"{r.Publisher.Name}: {r.Rating}.").ToList();
        if (verdicts.Count > 0) said = $"{said} Fact-checks: {string.Join(" ", verdicts)}";
        var title = s.Wording == "paraphrase" ? $"{s.Person.Name} (paraphrased): {Excerpt.Of(s.Quote)}" : $"{s.Person.Name}: {Excerpt.Of(s.Quote)}";
        return new AtomEntry($"urn:statementtracker:statement:{s.Id}", title, s.UpdatedAt, s.CreatedAt,
            s.Person.Name, $"/v1/statements/{s.Id}", s.Quote, s.Summary is null ? said : $"{said} {s.Summary}");
    }

    private static AtomEntry Entry(Reversal r)
    {
        var when = PartialDate.ParseStored(r.Later.SaidAt).Start;
        var rating = r.Flip == "full_flop" ? "Full flop" : "Half flip";
        return new AtomEntry($"urn:statementtracker:reversal:{r.Earlier.Id}:{r.Later.Id}",
            $"{rating}: {r.Person.Name}" + (r.Topics.Count == 0 ? "" : $" on {string.Join(", ", r.Topics.Select(t => t.Name))}"), when, when,
            r.Person.Name, $"/v1/statements/{r.Later.Id}",
            $"On {r.Earlier.SaidAt}: \"{r.Earlier.Excerpt}\"\nOn {r.Later.SaidAt}: \"{r.Later.Excerpt}\"", $"{rating}, {r.Elapsed} apart.");
    }
}
