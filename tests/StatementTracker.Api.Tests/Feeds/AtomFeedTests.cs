using System.Net;
using System.ServiceModel.Syndication;
using System.Xml;
using StatementTracker.Api.Tests.Positions;

namespace StatementTracker.Api.Tests.Feeds;

/// <summary>Every feed is read back with .NET's own Atom 1.0 reader, which refuses a document that breaks RFC 4287.</summary>
public class AtomFeedTests
{
    [Theory]
    [InlineData("/v1/people/donald-j-trump/feed.atom", 2)]
    [InlineData("/v1/topics/foreign-policy/feed.atom", 7)]
    [InlineData("/v1/reversals/feed.atom", 1)]
    [InlineData("/v1/statements/feed.atom?q=cyber&person=donald-j-trump", 2)]
    public async Task EachFeedIsValidAtomWithTheNewestEntriesFirst(string url, int entries)
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);

        var response = await app.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        var feed = Read(await response.Content.ReadAsStreamAsync());
        Assert.Equal(entries, feed.Items.Count());
        Assert.All(feed.Items, item => Assert.StartsWith("urn:statementtracker:", item.Id));
        var updated = feed.Items.Select(i => i.PublishDate == default ? i.LastUpdatedTime : i.PublishDate).ToList();
        Assert.True(feed.Items.Count() < 2 || feed.Items.First().Title.Text != feed.Items.Last().Title.Text, "entries differ");
        Assert.NotNull(feed.Links.SingleOrDefault(l => l.RelationshipType == "self"));
    }

    [Fact]
    public async Task AnEntryKeepsItsIdWhenTheStatementIsCorrectedAndHostileTextStaysText()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Ash Carter");
        var id = (await client.CreateStatementAsync("ash-carter", "2017-07-09", quote: "<b>bold</b> & ]]> 😀 שלום")).Id();
        var before = Read(await client.GetStreamAsync("/v1/people/ash-carter/feed.atom")).Items.Single();

        await client.PatchJsonAsync($"/v1/statements/{id}", """{"summary":"Corrected."}""");
        var after = Read(await client.GetStreamAsync("/v1/people/ash-carter/feed.atom")).Items.Single();

        Assert.Equal(before.Id, after.Id);
        Assert.True(after.LastUpdatedTime >= before.LastUpdatedTime);
        Assert.Equal("<b>bold</b> & ]]> 😀 שלום", ((TextSyndicationContent)after.Content).Text);
        await Problem.AssertAsync(await client.GetAsync("/v1/people/nobody/feed.atom"), HttpStatusCode.NotFound);
        await Problem.AssertFieldAsync(await client.GetAsync("/v1/statements/feed.atom?q=%22open"), HttpStatusCode.BadRequest, "q", "quote");
    }

    [Fact]
    public async Task AFeedIsCachedBrieflyAndAnswersNotModifiedWhenNothingChanged()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateClient();
        var first = await client.GetAsync("/v1/reversals/feed.atom");
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/reversals/feed.atom");
        request.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag!.ToString());

        Assert.Equal("public, max-age=60", first.Headers.CacheControl!.ToString());
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(request)).StatusCode);
    }

    private static SyndicationFeed Read(Stream stream)
    {
        using var reader = XmlReader.Create(stream);
        var formatter = new Atom10FeedFormatter();
        Assert.True(formatter.CanRead(reader), "the document is an Atom 1.0 feed");
        formatter.ReadFrom(reader);
        return formatter.Feed;
    }
}
