using System.Net;
using System.Net.Http.Json;

namespace StatementTracker.Api.Tests.People;

public class PeopleApiTests
{
    [Fact]
    public async Task CreatingAPersonMakesTheSlugFromTheNameAndPointsLocationAtIt()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();

        var response = await client.PostAsJsonAsync("/v1/people", new { name = "Donald J. Trump", aliases = new[] { "@realDonaldTrump" }, wikidataId = "Q22686" });
        var person = await response.ReadAsync(HttpStatusCode.Created);

        Assert.Equal("donald-j-trump", person.Str("slug"));
        Assert.Equal("/v1/people/donald-j-trump", response.Headers.Location?.ToString());
        var fetched = await client.GetJsonAsync("/v1/people/donald-j-trump");
        Assert.Equal("Donald J. Trump", fetched.Str("name"));
        Assert.Equal("@realDonaldTrump", fetched["aliases"]![0]!.GetValue<string>());
        Assert.Equal("Q22686", fetched.Str("wikidataId"));
    }

    [Theory]
    [InlineData("José Sánchez-Pérez", "jose-sanchez-perez")]
    [InlineData("Владимир Путин", "vladimir-putin")]
    [InlineData("  Beto   O'Rourke ", "beto-orourke")]
    [InlineData("Lech Wałęsa", "lech-walesa")]
    [InlineData("Jürgen Großmann", "jurgen-grossmann")]
    [InlineData("Søren Ørsted", "soren-orsted")]
    [InlineData("Αλέξης Τσίπρας", "alexis-tsipras")]
    public async Task SlugsAreAsciiLowerCaseWithHyphensWhateverTheName(string name, string slug)
    {
        await using var app = new StatementTrackerApplication();
        var person = await app.CreateClient().CreatePersonAsync(name);
        Assert.Equal(slug, person.Str("slug"));
    }

    [Fact]
    public async Task ASlugTakenAlreadyIsAConflictThatPointsAtTheHolder()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Lindsey Graham");

        var response = await client.PostAsJsonAsync("/v1/people", new { name = "Lindsey O. Graham", slug = "lindsey-graham" });

        var problem = await Problem.AssertFieldAsync(response, HttpStatusCode.Conflict, "slug", "taken");
        Assert.Equal("/v1/people/lindsey-graham", problem.Str("existing"));
    }

    [Fact]
    public async Task RacingCreatesOfOneSlugMakeOnePerson()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => client.PostAsJsonAsync("/v1/people", new { name = "Lindsey Graham" })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Single((await client.GetJsonAsync("/v1/people"))["items"]!.AsArray());
    }

    [Fact]
    public async Task AWikidataIdTakenAlreadyIsAConflict()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.PostJsonAsync("/v1/people", new { name = "Donald J. Trump", wikidataId = "Q22686" });

        var response = await client.PostAsJsonAsync("/v1/people", new { name = "Donald Trump", wikidataId = "Q22686" });

        await Problem.AssertFieldAsync(response, HttpStatusCode.Conflict, "wikidataId", "Q22686");
    }

    [Theory]
    [InlineData("""{"slug":"x"}""", "name", "required")]
    [InlineData("""{"name":"   "}""", "name", "blank")]
    [InlineData("""{"name":"A","slug":"Not A Slug"}""", "slug", "lower-case")]
    [InlineData("""{"name":"A","slug":"-a-"}""", "slug", "hyphens")]
    [InlineData("""{"name":"A","wikidataId":"22686"}""", "wikidataId", "Q followed by digits")]
    [InlineData("""{"name":"A","aliases":["ok", ""]}""", "aliases[1]", "required")]
    [InlineData("""{"name":"!!!"}""", "slug", "give one explicitly")]
    [InlineData("""{"name":"​⁠","slug":"ghost"}""", "name", "blank")]
    [InlineData("""{"name":"Trump ‮qoob","slug":"spoof"}""", "name", "bidirectional")]
    public async Task InvalidPeopleAreRefusedNamingTheFieldAndTheRule(string body, string field, string rule)
    {
        await using var app = new StatementTrackerApplication();
        var response = await app.CreateClient().PostRawAsync("/v1/people", body);
        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, field, rule);
    }

    [Fact]
    public async Task AnUnknownPersonIsNotFound()
    {
        await using var app = new StatementTrackerApplication();
        var response = await app.CreateClient().GetAsync("/v1/people/nobody");
        var problem = await Problem.AssertAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("nobody", problem.Str("detail"));
    }

    [Fact]
    public async Task SearchMatchesNamesAndAliasesIgnoringCaseAndAccents()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.PostJsonAsync("/v1/people", new { name = "Vladimir Putin", aliases = new[] { "Владимир Путин" } });
        await client.PostJsonAsync("/v1/people", new { name = "José Sánchez" });
        await client.CreatePersonAsync("Marco Rubio");

        Assert.Equal(["vladimir-putin"], Slugs(await client.GetJsonAsync("/v1/people?q=PUTIN")));
        Assert.Equal(["vladimir-putin"], Slugs(await client.GetJsonAsync("/v1/people?q=путин")));
        Assert.Equal(["jose-sanchez"], Slugs(await client.GetJsonAsync("/v1/people?q=sanchez")));
        Assert.Empty(Slugs(await client.GetJsonAsync("/v1/people?q=%25")));
        Assert.Empty(Slugs(await client.GetJsonAsync("/v1/people?q=_")));
    }

    [Fact]
    public async Task WalkingThePagesReturnsEveryPersonOnceInSlugOrder()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        var names = new[] { "Gamma", "Alpha", "Epsilon", "Beta", "Delta", "Zeta", "Eta" };
        foreach (var name in names) await client.CreatePersonAsync(name);

        var all = await client.AllPagesAsync("/v1/people", limit: 3);

        Assert.Equal(names.Select(n => n.ToLowerInvariant()).Order(StringComparer.Ordinal), all.Select(p => p.Str("slug")));
    }

    [Fact]
    public async Task APatchChangesOnlyTheFieldsItSendsAndNullClearsAField()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.PostJsonAsync("/v1/people", new { name = "Ash Carter", aliases = new[] { "Ashton Carter" }, description = "Former Secretary of Defense" });

        var response = await client.PatchJsonAsync("/v1/people/ash-carter", """{"description":null,"wikidataId":"Q709902"}""");
        var person = await response.ReadAsync(HttpStatusCode.OK);

        Assert.Equal("Ash Carter", person.Str("name"));
        Assert.Equal("Ashton Carter", person["aliases"]![0]!.GetValue<string>());
        Assert.Null(person["description"]);
        Assert.Equal("Q709902", person.Str("wikidataId"));
    }

    [Fact]
    public async Task APatchCannotChangeTheSlugOrBreakTheRules()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Ash Carter");

        await Problem.AssertFieldAsync(await client.PatchJsonAsync("/v1/people/ash-carter", """{"slug":"ashton-carter"}"""), HttpStatusCode.BadRequest, "slug", "cannot be changed");
        await Problem.AssertFieldAsync(await client.PatchJsonAsync("/v1/people/ash-carter", """{"name":null}"""), HttpStatusCode.BadRequest, "name", "required");
        await Problem.AssertFieldAsync(await client.PatchJsonAsync("/v1/people/ash-carter", """{"nickname":"Ash"}"""), HttpStatusCode.BadRequest, "nickname", "not a field");
        await Problem.AssertAsync(await client.PatchJsonAsync("/v1/people/nobody", """{"name":"X"}"""), HttpStatusCode.NotFound);
        Assert.Equal("Ash Carter", (await client.GetJsonAsync("/v1/people/ash-carter")).Str("name"));
    }

    [Fact]
    public async Task TwoEditorsWithTheSameEtagGetOneSuccessAndOnePreconditionFailed()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Ash Carter");

        for (var round = 0; round < 10; round++)
        {
            var etag = await client.EtagOfAsync("/v1/people/ash-carter");
            var responses = await Task.WhenAll(
                Patch(client, etag!, $$"""{"description":"round {{round}}"}"""),
                Patch(client, etag!, $$"""{"aliases":["Ashton Carter {{round}}"]}"""));

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], responses.Select(r => r.StatusCode).Order());
            var person = await client.GetJsonAsync("/v1/people/ash-carter");
            var won = responses.First(r => r.StatusCode == HttpStatusCode.OK) == responses[0] ? "description" : "aliases";
            Assert.True(won == "description" ? person.Str("description") == $"round {round}" : person["aliases"]![0]!.GetValue<string>() == $"Ashton Carter {round}");
            await Problem.AssertAsync(responses.First(r => r.StatusCode == HttpStatusCode.PreconditionFailed), HttpStatusCode.PreconditionFailed);
        }
    }

    [Fact]
    public async Task APatchWithoutIfMatchIsRefusedWithPreconditionRequired()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Ash Carter");

        var response = await client.PatchAsync("/v1/people/ash-carter", new StringContent("""{"description":"x"}""", System.Text.Encoding.UTF8, "application/merge-patch+json"));

        var problem = await Problem.AssertAsync(response, (HttpStatusCode)428);
        Assert.Equal("\"1\"", problem.Str("currentEtag"));
        Assert.Null((await client.GetJsonAsync("/v1/people/ash-carter"))["description"]);
    }

    private static Task<HttpResponseMessage> Patch(HttpClient client, string etag, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, "/v1/people/ash-carter") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/merge-patch+json") };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return client.SendAsync(request);
    }

    [Fact]
    public async Task InjectionStringsAreStoredAsPlainText()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        const string name = "Robert'); DROP TABLE people;-- \" OR 1=1";

        var person = await client.CreatePersonAsync(name);

        Assert.Equal(name, (await client.GetJsonAsync($"/v1/people/{person.Str("slug")}")).Str("name"));
        Assert.Equal([person.Str("slug")], Slugs(await client.GetJsonAsync("/v1/people?q=" + Uri.EscapeDataString("'); drop table"))));
    }

    private static List<string> Slugs(System.Text.Json.Nodes.JsonObject page) =>
        page["items"]!.AsArray().Select(p => p!["slug"]!.GetValue<string>()).ToList();
}
