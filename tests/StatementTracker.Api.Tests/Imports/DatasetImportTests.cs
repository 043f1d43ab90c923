using System.Text.Json.Nodes;

namespace StatementTracker.Api.Tests.Imports;

/// <summary>
/// The two public datasets through their mappings, on fixtures written for the test in the datasets' own shapes
/// (the real files are not redistributable): every row is imported or reported.
/// </summary>
public class DatasetImportTests
{
    private const string Liar2Header = "id,label,statement,date,subject,speaker,speaker_description,state_info,true_counts,mostly_true_counts,half_true_counts,mostly_false_counts,false_counts,pants_on_fire_counts,context,justification";

    private static readonly string Liar2 = string.Join("\r\n",
        Liar2Header,
        "101,0,\"Says Mexico will pay for the wall.\",\"August 31, 2016\",immigration;foreign-policy,donald trump,\"Donald Trump is the former president of the United States.\",New York,1,2,3,4,5,6,a speech in Phoenix,\"No deal with Mexico says so.\"",
        "102,5,\"Says crime fell.\",\"July 4, 2019\",crime,donald trump,\"Donald Trump is the former president of the United States.\",New York,1,2,3,4,5,6,a tweet,\"The numbers agree.\"",
        "103,1,\"Says a photo shows a shark on a highway.\",\"September 1, 2017\",weather,facebook posts,\"Posters on Facebook and other social media.\",,0,0,0,0,0,0,a Facebook post,\"It does not.\"",
        "104,2,\"Says “curly quotes”\u00a0and\r\nline breaks.\",\"May 5, 2020\",immigration,barack obama,\"Barack Obama is the former president of the United States.\",Illinois,1,2,3,4,5,6,an interview,\"Partly.\"",
        "105,9,\"Bad label.\",\"May 5, 2020\",immigration,barack obama,\"Barack Obama was president.\",,0,0,0,0,0,0,,",
        "106,3,\"Cut off") + "\r\n";

    [Fact]
    public async Task Liar2RowsBecomeParaphrasedClaimsWithTheirVerdictsAndEveryRowIsAccountedFor()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateClient();

        var job = await client.ImportAsync(Liar2, "format=liar2&createPeople=true&fileName=test.csv", "text/csv");
        var again = await client.ImportAsync(Liar2, "format=liar2&createPeople=true&fileName=test.csv", "text/csv");
        var problems = (await client.ProblemsAsync(job)).ToDictionary(p => p["line"]!.GetValue<long>());

        Assert.Equal((3L, 3L), (job.Count("statement", "created"), job.Count("review", "created")));
        Assert.Equal((1L, 2L), (job.Number("skipped"), job.Number("errors")));
        Assert.True(problems[4]["skipped"]!.GetValue<bool>());
        Assert.Equal("label", problems[7].Str("field"));
        Assert.True(problems.ContainsKey(8), "the cut-off last row is reported");
        Assert.Equal((0L, 0L), (again.Number("created"), again.Number("updated")));

        // Donald Trump is the demo's Donald J. Trump (an alias): the claims are his, not a new person's.
        var pants = await client.GetJsonAsync("/v1/statements?person=donald-j-trump&rating=pants_on_fire&topic=immigration");
        var claim = Assert.Single(pants["items"]!.AsArray())!;
        Assert.Equal(("Says Mexico will pay for the wall.", "paraphrase", "2016-08-31", "speech"), (claim.Str("quote"), claim.Str("wording"), claim.Str("saidAt"), claim.Str("medium")));
        Assert.Equal("https://github.com/chengxuphd/liar2", claim["sources"]![0].Str("url"));
        Assert.Contains("test.csv, record 101", claim["sources"]![0].Str("title"));
        Assert.Equal(("PolitiFact", "Pants on Fire"), (claim["reviews"]![0]!["publisher"].Str("name"), claim["reviews"]![0].Str("rating")));
        var obama = Assert.Single((await client.GetJsonAsync("/v1/statements?person=barack-obama"))["items"]!.AsArray())!;
        Assert.Equal("Says “curly quotes” and\nline breaks.", obama.Str("quote"));
        Assert.Equal("mostly_false", obama["reviews"]![0].Str("normalisedRating"));
    }

    [Fact]
    public async Task TweetsAreDatedByTheirIdsInCentralTimeAndRetweetsAndTheCutOffRowAreReported()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateClient();
        var archive = "Text,Date,Favorites,Retweets,Tweet ID\n"
            + "\"Putin & I discussed forming an impenetrable Cyber Security unit    so that election hacking, & many other negative things, will be guarded..\",2017-07-09 06:50:24,80222,21249,884016887692234753\n"
            + "\"A new tweet   about the economy.\",2017-07-09 19:45:13,1,2,884211874518192129\n"
            + "\"\"\"@fan: You are so right!!\"\"\",2015-03-30 07:22:38,17,8,582518295124779008\n"
            + "\"\"\"@cut: off";

        var job = await client.ImportAsync(archive, "format=trump-tweets&createPeople=true", "text/csv");
        var problems = await client.ProblemsAsync(job);

        Assert.Equal((1L, 1L, 1L, 1L), (job.Count("statement", "created"), job.Count("statement", "unchanged"), job.Number("skipped"), job.Number("errors")));
        Assert.Equal([4L, 5L], problems.Select(p => p["line"]!.GetValue<long>()));
        // The demo already holds the first tweet by its id, curated with its news sources: the dataset leaves it as it is.
        var cyber = Assert.Single((await client.GetJsonAsync("/v1/statements?externalId=twitter:884016887692234753"))["items"]!.AsArray())!;
        Assert.Equal(("2017-07-09T07:50:24-04:00", 1L, 2), (cyber.Str("saidAt"), cyber["revision"]!.GetValue<long>(), cyber["sources"]!.AsArray().Count));
        var economy = Assert.Single((await client.GetJsonAsync("/v1/statements?externalId=twitter:884211874518192129"))["items"]!.AsArray())!;
        Assert.Equal(("A new tweet about the economy.", "donald-j-trump", "https://twitter.com/realDonaldTrump/status/884211874518192129"),
            (economy.Str("quote"), economy["person"].Str("slug"), economy["sources"]![0].Str("url")));
    }
}
