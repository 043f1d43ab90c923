using System.Text.Json;
using System.Text.Json.Nodes;
using StatementTracker.Api.Imports;

namespace StatementTracker.Api.Tests.Imports;

/// <summary>Each LIAR2 rule on a row written for the test; the real files are checked by hand, never copied here.</summary>
public class Liar2MappingTests
{
    [Theory]
    [InlineData("0", "Pants on Fire")]
    [InlineData("1", "False")]
    [InlineData("2", "Mostly False")]
    [InlineData("3", "Half True")]
    [InlineData("4", "Mostly True")]
    [InlineData(" 5 ", "True")]
    public void TheLabelBecomesTheTruthOMeterRatingOfTheReview(string label, string rating)
    {
        var review = Records(Map(Row(("label", label))), "review").Single();

        Assert.Equal(rating, (string)review["rating"]!);
    }

    [Theory]
    [InlineData("6")]
    [InlineData("")]
    [InlineData("2.0")]
    [InlineData("barely-true")]
    public void ALabelOutsideZeroToFiveSkipsTheRowWithAnErrorOnLabel(string label)
    {
        var mapped = Map(Row(("label", label)));

        Assert.Empty(mapped.Records);
        Assert.Equal("label", mapped.Skipped!.Field);
        Assert.Equal(7, mapped.Skipped.Line);
    }

    [Theory]
    [InlineData("July 28, 2022", "2022-07-28")]
    [InlineData("March 1, 2009", "2009-03-01")]
    [InlineData("December 31,\u00A02015", "2015-12-31")]
    public void TheDateBecomesAnIsoDate(string date, string saidAt)
    {
        Assert.Equal(saidAt, (string)Statement(Map(Row(("date", date))))["saidAt"]!);
    }

    [Theory]
    [InlineData("2022-07-28")]
    [InlineData("Julyy 28, 2022")]
    [InlineData("July 32, 2022")]
    [InlineData("")]
    public void AnUnreadableDateSkipsTheRowWithAnErrorOnDate(string date)
    {
        Assert.Equal("date", Map(Row(("date", date))).Skipped!.Field);
    }

    [Theory]
    [InlineData("facebook posts", "Posters on Facebook and other social media networks.")]
    [InlineData("viral image", "Graphics, pictures and charts shared on social media.")]
    [InlineData("bloggers", "Blog posting on the Internet")]
    [InlineData("instagram posts", "")]
    [InlineData("chain email", "")]
    [InlineData("tweets", "Twitter is a messaging service.")]
    [InlineData("robocaller", "")]
    [InlineData("threads posts", "")]
    [InlineData("viral video", "")]
    [InlineData("some page", "Posters on a new network.")]
    public void ASpeakerThatIsNotAPersonSkipsTheRowOnSpeaker(string speaker, string description)
    {
        var mapped = Map(Row(("speaker", speaker), ("speaker_description", description)));

        Assert.Empty(mapped.Records);
        Assert.Equal("speaker", mapped.Skipped!.Field);
        Assert.Equal($"the speaker '{speaker}' is not a person: it names no one in particular, so the row is not imported.", mapped.Skipped.Message);
    }

    [Theory]
    [InlineData("donald trump", "Donald Trump is the former president of the United States.", "Donald Trump", "donald-trump")]
    [InlineData("beto o'rourke", "Beto O’Rourke is a former congressman.", "Beto O’Rourke", "beto-orourke")]
    [InlineData("jose rodriguez", "José Rodríguez, who won election in 2010, ...", "José Rodríguez", "jose-rodriguez")]
    [InlineData("paul ryan", "U.S. Rep. Paul Ryan became Speaker in 2015.", "Paul Ryan", "paul-ryan")]
    [InlineData("mark burke", "Mark Burkett is a banker.", "Mark Burke", "mark-burke")]
    [InlineData("republican party of texas", "The Republican Party of Texas says ...", "Republican Party of Texas", "republican-party-of-texas")]
    [InlineData("u.s. chamber of commerce", "", "U.S. Chamber of Commerce", "u-s-chamber-of-commerce")]
    [InlineData("h. marlene o'toole", "Florida state Rep. H. Marlene O'Toole", "H. Marlene O'Toole", "h-marlene-otoole")]
    [InlineData("institute for women's policy research", "", "Institute for Women's Policy Research", "institute-for-womens-policy-research")]
    [InlineData("puppetnews.com", "A website associated with fake news.", "Puppetnews.com", "puppetnews-com")]
    public void ThePersonsNameComesFromTheDescriptionWhenItStartsWithItElseFromTheSpeakerInTitleCase(
        string speaker, string description, string name, string slug)
    {
        var mapped = Map(Row(("speaker", speaker), ("speaker_description", description)));

        var person = Records(mapped, "person").Single();
        Assert.Equal(name, (string)person["name"]!);
        Assert.Equal(slug, (string)person["slug"]!);
        Assert.Equal(slug, (string)Statement(mapped)["person"]!);
    }

    [Fact]
    public void PeopleAndTopicsAreEmittedTheFirstTimeTheyAreSeenAndBeforeTheStatementThatNeedsThem()
    {
        var mapping = new Liar2Mapping("test.csv");

        var first = mapping.Map(2, Row(("subject", "immigration;jobs")));
        var second = mapping.Map(3, Row(("id", "43"), ("subject", "jobs; health care ;;Jobs")));

        Assert.Equal(["person", "topic", "topic", "statement", "review"], first.Records.Select(r => (string)r["type"]!));
        Assert.Equal(["topic", "statement", "review"], second.Records.Select(r => (string)r["type"]!));
        Assert.Equal("""{"type":"topic","name":"Health care","slug":"health-care"}""", second.Records[0].ToJsonString());
        Assert.Equal(["jobs", "health-care"], ((JsonArray)Statement(second)["topics"]!).Select(t => (string)t!));
    }

    [Fact]
    public void AStatementHasAtMostTwentyTopicsAndNoneWhenTheSubjectIsEmpty()
    {
        var many = Map(Row(("subject", string.Join(";", Enumerable.Range(1, 25).Select(i => $"topic {i}")))));

        Assert.Equal(20, ((JsonArray)Statement(many)["topics"]!).Count);
        Assert.Equal(20, Records(many, "topic").Count());
        Assert.Null(Statement(Map(Row(("subject", " ; "))))["topics"]);
    }

    [Fact]
    public void TheStatementIsAParaphraseCitingTheDatasetRecordWithItsTextNormalized()
    {
        var statement = Statement(Map(Row(
            ("statement", "  Says the\u00A0budget   \u2009doubled  \r\n  in “one” year.\rReally. "),
            ("context", " an  interview\r\non local radio "))));

        Assert.Equal(
            """{"type":"statement","person":"jane-doe","quote":"Says the budget doubled\nin “one” year.\nReally.","wording":"paraphrase","saidAt":"2022-07-28","medium":"interview","venue":"an interview on local radio","language":"en","externalId":"liar2:42","sources":[{"url":"https://github.com/chengxuphd/liar2","title":"LIAR2 dataset, test.csv, record 42","publisher":"LIAR2 (Xu and Kechadi, IEEE Access 2024), from PolitiFact"}],"topics":["taxes"]}""",
            Json(statement));
    }

    [Fact]
    public void TheReviewFollowsTheStatementAndRatesItByExternalId()
    {
        var mapped = Map(Row(("label", "2"), ("justification", "The  numbers\u00A0do not add up.\r\n\r\nWe rate this  Mostly False. ")));

        Assert.Equal("review", (string)mapped.Records[^1]["type"]!);
        Assert.Equal(
            """{"type":"review","statement":"liar2:42","externalId":"liar2:42","publisher":{"name":"PolitiFact","url":"https://www.politifact.com"},"rating":"Mostly False","summary":"The numbers do not add up.\n\nWe rate this Mostly False."}""",
            Json(mapped.Records[^1]));
        Assert.Null(Records(Map(Row(("justification", " \r\n "))), "review").Single()["summary"]);
    }

    [Fact]
    public void LongTextsAreCutAtAWordWithAnEllipsisAndAnEmptyContextLeavesNoVenue()
    {
        var words = string.Join(" ", Enumerable.Repeat("abcdefghi", 1200));
        var mapped = Map(Row(("context", words[..400]), ("speaker_description", words), ("justification", words + " end")));

        var venue = (string)Statement(mapped)["venue"]!;
        Assert.Equal(300, venue.Length);
        Assert.EndsWith("abcdefghi…", venue);
        Assert.True(((string)Records(mapped, "person").Single()["description"]!).Length <= 2000);
        Assert.EndsWith("i…", (string)Records(mapped, "review").Single()["summary"]!);
        Assert.Null(Statement(Map(Row(("context", "  "))))["venue"]);
        Assert.Equal("other", (string)Statement(Map(Row(("context", ""))))["medium"]!);
    }

    [Theory]
    [InlineData("a tweet", "tweet")]
    [InlineData("a post on X, formerly Twitter", "tweet")]
    [InlineData("a Facebook post", "social_post")]
    [InlineData("an Instagram post", "social_post")]
    [InlineData("a TikTok video", "social_post")]
    [InlineData("a meme on social media", "social_post")]
    [InlineData("a post", "social_post")]
    [InlineData("an image", "social_post")]
    [InlineData("a speech", "speech")]
    [InlineData("remarks at a campaign rally", "speech")]
    [InlineData("his State of the State address", "speech")]
    [InlineData("an interview on CNN", "interview")]
    [InlineData("a post-debate interview", "interview")]
    [InlineData("an interview with the Washington Post", "interview")]
    [InlineData("a press conference", "press_conference")]
    [InlineData("press conference remarks", "press_conference")]
    [InlineData("a news conference", "press_conference")]
    [InlineData("a White House briefing", "press_conference")]
    [InlineData("a press release", "press_release")]
    [InlineData("a news release", "press_release")]
    [InlineData("the second presidential debate", "debate")]
    [InlineData("opening remarks at a debate", "debate")]
    [InlineData("an op-ed", "op_ed")]
    [InlineData("a \"Washington Post\" column", "op_ed")]
    [InlineData("an editorial", "op_ed")]
    [InlineData("testimony to Congress", "testimony")]
    [InlineData("remarks at a committee hearing", "testimony")]
    [InlineData("a statement", "statement")]
    [InlineData("a vote", "vote")]
    [InlineData("a TV ad", "other")]
    [InlineData("Tampa, Fla", "other")]
    public void TheMediumIsGuessedFromTheContextByTheFirstMatchingRule(string context, string medium)
    {
        Assert.Equal(medium, (string)Statement(Map(Row(("context", context))))["medium"]!);
    }

    private static Dictionary<string, string> Row(params (string Column, string Value)[] changes)
    {
        var row = new Dictionary<string, string>
        {
            ["id"] = "42", ["label"] = "1", ["statement"] = "Says taxes doubled.", ["date"] = "July 28, 2022", ["subject"] = "taxes",
            ["speaker"] = "jane doe", ["speaker_description"] = "Jane Doe is a state senator.", ["state_info"] = "",
            ["context"] = "an interview", ["justification"] = "They did not.",
        };
        foreach (var (column, value) in changes) row[column] = value;
        return row;
    }

    private static MappedRow Map(Dictionary<string, string> row) => new Liar2Mapping("test.csv").Map(7, row);

    private static IEnumerable<JsonObject> Records(MappedRow mapped, string type) => mapped.Records.Where(r => (string)r["type"]! == type);

    private static JsonObject Statement(MappedRow mapped) => Records(mapped, "statement").Single();

    private static string Json(JsonObject record) =>
        record.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
