using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace StatementTracker.Api.Tests.FactChecks;

public class ReviewsApiTests
{
    private static readonly object PolitiFact = new { name = "PolitiFact", url = "https://www.politifact.com" };

    private static async Task<(StatementTrackerApplication App, HttpClient Client, JsonObject Statement)> StatementAsync()
    {
        var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Barack Obama");
        var statement = await client.CreateStatementAsync("barack-obama", "2009-06-15", quote: "If you like your health care plan, you can keep it.");
        return (app, client, statement);
    }

    [Fact]
    public async Task AFactCheckIsRecordedWithItsPublishersWordsAndItsStepOnTheSharedScale()
    {
        var (app, client, statement) = await StatementAsync();
        await using var _ = app;

        var response = await client.PostAsJsonAsync($"/v1/statements/{statement.Id()}/reviews", new
        {
            publisher = PolitiFact, rating = "Pants on Fire", author = "Angie Drobnic Holan", reviewedAt = "2013-12-12",
            url = "https://www.politifact.com/article/2013/dec/12/lie-year-if-you-like-your-health-care-plan-keep-it/", externalId = "politifact:loty-2013",
        });
        var review = await response.ReadAsync(HttpStatusCode.Created);

        Assert.StartsWith("rv_", review.Id());
        Assert.Equal($"/v1/reviews/{review.Id()}", response.Headers.Location?.ToString());
        Assert.Equal("\"1\"", response.Headers.ETag?.ToString());
        Assert.Equal(("Pants on Fire", "pants_on_fire", statement.Id()), (review.Str("rating"), review.Str("normalisedRating"), review.Str("statement")));
        Assert.Equal("PolitiFact", review["publisher"].Str("name"));
        Assert.Equal("2013-12-12", review.Str("reviewedAt"));

        var carried = Assert.Single((await client.GetJsonAsync($"/v1/statements/{statement.Id()}"))["reviews"]!.AsArray())!;
        Assert.Equal((review.Id(), "pants_on_fire"), (carried.Str("id"), carried.Str("normalisedRating")));
        Assert.Equal(review.Id(), Assert.Single((await client.GetJsonAsync($"/v1/statements/{statement.Id()}/reviews")).Ids()));
        Assert.Equal(review.Id(), (await client.GetJsonAsync($"/v1/reviews/{review.Id()}")).Id());
    }

    [Fact]
    public async Task AnUnknownScaleKeepsItsOwnWordsAndAGivenNormalisedRatingWins()
    {
        var (app, client, statement) = await StatementAsync();
        await using var _ = app;

        var unknown = await client.PostJsonAsync($"/v1/statements/{statement.Id()}/reviews", new { publisher = new { name = "Snopes", url = "https://www.snopes.com" }, rating = "Outdated" });
        var given = await client.PostJsonAsync($"/v1/statements/{statement.Id()}/reviews", new { publisher = new { name = "Snopes", url = "https://www.snopes.com" }, rating = "Miscaptioned", normalisedRating = "false" });

        Assert.Equal("Outdated", unknown.Str("rating"));
        Assert.Null(unknown["normalisedRating"]);
        Assert.Equal("false", given.Str("normalisedRating"));
    }

    [Theory]
    [InlineData("""{"rating":"False"}""", "publisher")]
    [InlineData("""{"publisher":{"name":"PolitiFact"},"rating":"False"}""", "publisher.url")]
    [InlineData("""{"publisher":{"name":"PolitiFact","url":"javascript:alert(1)"},"rating":"False"}""", "publisher.url")]
    [InlineData("""{"publisher":{"name":"PolitiFact","url":"https://www.politifact.com"}}""", "rating")]
    [InlineData("""{"publisher":{"name":"PolitiFact","url":"https://www.politifact.com"},"rating":"False","normalisedRating":"wrong"}""", "normalisedRating")]
    [InlineData("""{"publisher":{"name":"PolitiFact","url":"https://www.politifact.com"},"rating":"False","reviewedAt":"2013-02-30"}""", "reviewedAt")]
    [InlineData("""{"publisher":{"name":"PolitiFact","url":"https://www.politifact.com"},"rating":"False","reviewedAt":"2999-01-01"}""", "reviewedAt")]
    [InlineData("""{"publisher":{"name":"PolitiFact","url":"https://www.politifact.com"},"rating":"False","externalId":"no namespace"}""", "externalId")]
    [InlineData("""{"publisher":{"name":"PolitiFact","url":"https://www.politifact.com"},"rating":"False","verdict":"False"}""", "verdict")]
    public async Task ABadFactCheckIsA400NamingTheField(string body, string field)
    {
        var (app, client, statement) = await StatementAsync();
        await using var _ = app;

        var problem = await (await client.PostRawAsync($"/v1/statements/{statement.Id()}/reviews", body)).ReadAsync(HttpStatusCode.BadRequest);

        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }

    [Fact]
    public async Task AnExternalIdIsUsedOnceAndAnUnknownStatementIsA404()
    {
        var (app, client, statement) = await StatementAsync();
        await using var _ = app;
        var first = await client.PostJsonAsync($"/v1/statements/{statement.Id()}/reviews", new { publisher = PolitiFact, rating = "False", externalId = "liar2:1" });

        var again = await client.PostJsonAsync($"/v1/statements/{statement.Id()}/reviews", new { publisher = PolitiFact, rating = "False", externalId = "liar2:1" }, HttpStatusCode.Conflict);
        await client.PostJsonAsync("/v1/statements/st_nothinghere00000/reviews", new { publisher = PolitiFact, rating = "False" }, HttpStatusCode.NotFound);

        Assert.Equal($"/v1/reviews/{first.Id()}", again.Str("existing"));
    }

    [Fact]
    public async Task ACorrectedRatingIsNormalisedAgainAndTheEarlierOneStaysInTheRevisions()
    {
        var (app, client, statement) = await StatementAsync();
        await using var _ = app;
        var review = await client.PostJsonAsync($"/v1/statements/{statement.Id()}/reviews", new { publisher = PolitiFact, rating = "Half True" });

        var noEtag = await client.PatchAsync($"/v1/reviews/{review.Id()}", new StringContent("""{"rating":"False"}""", System.Text.Encoding.UTF8, "application/merge-patch+json"));
        var corrected = await (await client.PatchJsonAsync($"/v1/reviews/{review.Id()}?reason=PolitiFact+revised+it", """{"rating":"False"}""")).ReadAsync(HttpStatusCode.OK);
        var history = await client.GetJsonAsync($"/v1/reviews/{review.Id()}/revisions");

        Assert.Equal(HttpStatusCode.PreconditionRequired, noEtag.StatusCode);
        Assert.Equal(("False", "false", 2L), (corrected.Str("rating"), corrected.Str("normalisedRating"), corrected["revision"]!.GetValue<long>()));
        var entries = history["items"]!.AsArray();
        Assert.Equal(["create", "correct"], entries.Select(e => e.Str("action")));
        Assert.Equal("PolitiFact revised it", entries[1].Str("reason"));
        Assert.Contains(entries[1]!["changes"]!.AsArray(), c => c.Str("field") == "rating" && c!["from"]!.GetValue<string>() == "Half True");
        var logged = (await client.GetJsonAsync("/v1/corrections?entityType=review"))["items"]!.AsArray();
        Assert.Equal($"/v1/reviews/{review.Id()}", Assert.Single(logged)!.Str("url"));
    }

    [Fact]
    public async Task ARetractedFactCheckLeavesTheStatementAndTheFiltersButStaysReadable()
    {
        var (app, client, statement) = await StatementAsync();
        await using var _ = app;
        var review = await client.PostJsonAsync($"/v1/statements/{statement.Id()}/reviews", new { publisher = PolitiFact, rating = "Pants on Fire" });

        var noReason = await client.RetractAsync($"/v1/reviews/{review.Id()}", reason: "");
        (await client.RetractAsync($"/v1/reviews/{review.Id()}", "Filed on the wrong statement.")).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Empty((await client.GetJsonAsync($"/v1/statements/{statement.Id()}"))["reviews"]!.AsArray());
        Assert.Empty((await client.GetJsonAsync("/v1/statements?rating=pants_on_fire")).Ids());
        Assert.Equal("Filed on the wrong statement.", (await client.GetJsonAsync($"/v1/reviews/{review.Id()}"))["retracted"].Str("reason"));
        Assert.Empty((await client.GetJsonAsync("/v1/claimreviews"))["dataFeedElement"]!.AsArray());
    }

    [Fact]
    public async Task StatementsAreFoundAndCountedByRatingAndReviewerOnTheSameReview()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald Trump");
        var wall = await client.CreateStatementAsync("donald-trump", "2016-08-31", quote: "Mexico will pay for the wall.");
        var crime = await client.CreateStatementAsync("donald-trump", "2016-07-21", quote: "Crime is rising.");
        var jobs = await client.CreateStatementAsync("donald-trump", "2017-01-20", quote: "Jobs are coming back.");
        await client.PostJsonAsync($"/v1/statements/{wall.Id()}/reviews", new { publisher = PolitiFact, rating = "Pants on Fire" });
        await client.PostJsonAsync($"/v1/statements/{crime.Id()}/reviews", new { publisher = PolitiFact, rating = "Mostly False" });
        await client.PostJsonAsync($"/v1/statements/{crime.Id()}/reviews", new { publisher = new { name = "The Washington Post", url = "https://www.washingtonpost.com" }, rating = "Four Pinocchios" });
        await client.PostJsonAsync($"/v1/statements/{jobs.Id()}/reviews", new { publisher = new { name = "The Washington Post", url = "https://www.washingtonpost.com" }, rating = "Two Pinocchios" });

        Assert.Equal([wall.Id()], (await client.GetJsonAsync("/v1/statements?rating=pants_on_fire")).Ids());
        Assert.Equal([crime.Id()], (await client.GetJsonAsync("/v1/statements?rating=false")).Ids());
        Assert.Equal([crime.Id(), wall.Id()], (await client.GetJsonAsync("/v1/statements?reviewer=politifact")).Ids());
        // "rated false by PolitiFact": PolitiFact rated crime mostly false; the Post rated it false. No statement qualifies.
        Assert.Empty((await client.GetJsonAsync("/v1/statements?reviewer=PolitiFact&rating=false")).Ids());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/v1/statements?rating=liar")).StatusCode);

        var facets = (await client.GetJsonAsync("/v1/statements?facets=rating,reviewer,wording"))["facets"]!;
        Assert.Equal(["false", "half_true", "mostly_false", "pants_on_fire"], facets["rating"]!.AsArray().Select(v => v.Str("value")).Order());
        var reviewers = facets["reviewer"]!.AsArray().ToDictionary(v => v.Str("value"), v => v!["count"]!.GetValue<long>());
        Assert.Equal(2, reviewers["PolitiFact"]);
        Assert.Equal(2, reviewers["The Washington Post"]);
        var narrowed = facets["reviewer"]!.AsArray().Single(v => v.Str("value") == "The Washington Post").Str("href");
        Assert.Equal([crime.Id(), jobs.Id()], (await client.GetJsonAsync(narrowed)).Ids());
    }

    [Fact]
    public async Task TheReviewListIsWalkedPageByPageEachReviewOnce()
    {
        var (app, client, statement) = await StatementAsync();
        await using var _ = app;
        var made = new List<string>();
        foreach (var rating in new[] { "True", "False", "Half True" })
            made.Add((await client.PostJsonAsync($"/v1/statements/{statement.Id()}/reviews", new { publisher = PolitiFact, rating })).Id());

        var first = await client.GetJsonAsync("/v1/reviews?limit=2");
        var second = await client.GetJsonAsync($"/v1/reviews?limit=2&cursor={Uri.EscapeDataString(first.Str("nextCursor"))}");

        Assert.Equal(made, first.Ids().Concat(second.Ids()));
        Assert.Null(second["nextCursor"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/v1/reviews?limit=2&rating=false&cursor={Uri.EscapeDataString(first.Str("nextCursor"))}")).StatusCode);
    }

    [Fact]
    public async Task AParaphraseIsRecordedFilteredAndExportedAsSuch()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Joe Biden");
        var paraphrase = await client.PostJsonAsync("/v1/statements", new
        {
            person = "joe-biden", quote = "Says he was arrested in South Africa.", saidAt = "2020-02-11", medium = "speech", wording = "paraphrase",
            sources = new[] { new { url = "https://github.com/chengxuphd/liar2" } },
        });
        var exact = await client.CreateStatementAsync("joe-biden", "2020-02-12");
        var wrong = await client.PostRawAsync("/v1/statements", """{"person":"joe-biden","quote":"x","saidAt":"2020","medium":"speech","wording":"gist","sources":[{"url":"https://example.org"}]}""");

        Assert.Equal(("paraphrase", "exact"), (paraphrase.Str("wording"), exact.Str("wording")));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal([paraphrase.Id()], (await client.GetJsonAsync("/v1/statements?wording=paraphrase")).Ids());
        var csv = await client.GetStringAsync("/v1/statements?format=csv&wording=paraphrase");
        var header = csv.Split('\n')[0].Split(',');
        var row = csv.Split('\n')[1].Split(',');
        Assert.Equal("paraphrase", row[Array.IndexOf(header, "wording")]);
        var feed = await client.GetStringAsync("/v1/statements/feed.atom?person=joe-biden");
        Assert.Contains("Joe Biden (paraphrased): Says he was arrested", feed);
    }
}
