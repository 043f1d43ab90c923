using System.Text.Json;
using System.Text.Json.Nodes;
using StatementTracker.Api.Imports;

namespace StatementTracker.Api.Tests.Imports;

/// <summary>Tweets are dated by their ids, in the speaker's (US Central) time; the rows here are written for the test.</summary>
public class TrumpTweetsMappingTests
{
    [Theory]
    [InlineData("884016887692234753", "2017-07-09 06:50:24", "2017-07-09T06:50:24-05:00")]
    [InlineData("884211874518192128", "2017-07-09 19:45:13", "2017-07-09T19:45:13-05:00")]
    public void TheDemoTweetsAreDatedToTheSecondInCentralSummerTime(string id, string date, string saidAt)
    {
        Assert.Equal(saidAt, (string)Statement(new TrumpTweetsMapping().Map(2, Row(id: id, date: date)))["saidAt"]!);
    }

    [Theory]
    [InlineData("822503981044470231", "2017-01-20T12:00:05-06:00")]
    [InlineData("795151225967350231", "2016-11-06T01:30:00-05:00")]
    [InlineData("795166325461750231", "2016-11-06T01:30:00-06:00")]
    public void WinterTweetsAreSixHoursBehindUtcAndTheRepeatedHourKeepsItsOffset(string id, string saidAt)
    {
        Assert.Equal(saidAt, (string)Statement(new TrumpTweetsMapping().Map(2, Row(id: id)))["saidAt"]!);
    }

    [Theory]
    [InlineData("\"@fan_account: @realDonaldTrump You are so right!!\"")]
    [InlineData("“@fan_account: great rally tonight")]
    public void AManualRetweetIsSomeoneElsesWordsAndIsReportedNotImported(string text)
    {
        var mapped = new TrumpTweetsMapping().Map(7, Row(id: "884016887692234753", text: text));

        Assert.Empty(mapped.Records);
        Assert.Equal((7L, "Text"), (mapped.Skipped!.Line, mapped.Skipped.Field));
        Assert.Contains("@fan_account", mapped.Skipped.Message);
    }

    [Fact]
    public void ATweetThatMentionsAnAccountIsHisOwnWords() =>
        Assert.Single(new TrumpTweetsMapping().Map(2, Row(id: "884016887692234753", text: ".@ClayHiggins18 has been a great help")).Records);

    [Fact]
    public void ADateColumnThatDisagreesWithTheIdIsCountedButTheIdIsUsed()
    {
        var mapping = new TrumpTweetsMapping();

        mapping.Map(2, Row(id: "884016887692234753", date: "2017-07-09 06:51:24"));
        var late = mapping.Map(3, Row(id: "884016887692234753", date: "2017-07-09 06:51:25"));
        mapping.Map(4, Row(id: "884016887692234753", date: "2017-07-09 11:50:24"));
        mapping.Map(5, Row(id: "884016887692234753", date: ""));

        Assert.Equal(3, mapping.DatesDisagreeingWithId);
        Assert.Equal("2017-07-09T06:50:24-05:00", (string)Statement(late)["saidAt"]!);
    }

    [Fact]
    public void ATweetIsAnExactQuoteByDonaldTrumpCitingItsOwnPage()
    {
        var statement = Statement(new TrumpTweetsMapping().Map(2, Row(text: "Cyber unit talks went well.", id: "884016887692234753")));

        Assert.Equal(
            """{"type":"statement","person":"Donald Trump","quote":"Cyber unit talks went well.","wording":"exact","saidAt":"2017-07-09T06:50:24-05:00","medium":"tweet","venue":"Twitter (@realDonaldTrump)","language":"en","externalId":"twitter:884016887692234753","sources":[{"url":"https://twitter.com/realDonaldTrump/status/884016887692234753","title":"@realDonaldTrump on Twitter","publisher":"Twitter"}]}""",
            statement.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    [Theory]
    [InlineData("Jobs &amp; wages", "Jobs & wages")]
    [InlineData("&lt;b&gt; &quot;big&quot; &#39;win&#39;", "<b> \"big\" 'win'")]
    [InlineData("&amp;lt; stays one level", "&lt; stays one level")]
    [InlineData("Putin & I &utm_source &nbsp;", "Putin & I &utm_source &nbsp;")]
    public void HtmlEntitiesTheScraperLeftAreDecodedOnceAndBareAmpersandsStay(string text, string quote)
    {
        Assert.Equal(quote, (string)Statement(new TrumpTweetsMapping().Map(2, Row(text: text)))["quote"]!);
    }

    [Fact]
    public void SpacesLeftByStrippedLinksAreCollapsedAndLinesTrimmed()
    {
        var statement = Statement(new TrumpTweetsMapping().Map(2, Row(text: "  Great  news\u00A0\u00A0today   \n   More soon.    ")));

        Assert.Equal("Great news today\nMore soon.", (string)statement["quote"]!);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("-5")]
    [InlineData("0")]
    [InlineData("8.8e17")]
    [InlineData("884016887692234753884016887692234753")]
    public void AnIdThatIsNotAPositiveWholeNumberSkipsTheRowOnTweetId(string id)
    {
        var mapped = new TrumpTweetsMapping().Map(9, Row(id: id));

        Assert.Empty(mapped.Records);
        Assert.Equal(new ImportError(9, "Tweet ID", $"Tweet ID must be a positive whole number; '{id}' is not one."), mapped.Skipped);
    }

    [Fact]
    public void ATweetWithNoTextLeftSkipsTheRowOnText()
    {
        Assert.Equal("Text", new TrumpTweetsMapping().Map(2, Row(text: " \u00A0\r\n ")).Skipped!.Field);
    }

    private static Dictionary<string, string> Row(string text = "A tweet.", string date = "2017-07-09 06:50:24", string id = "884016887692234753") =>
        new() { ["Text"] = text, ["Date"] = date, ["Favorites"] = "1", ["Retweets"] = "2", ["Tweet ID"] = id };

    private static JsonObject Statement(MappedRow mapped) => Assert.Single(mapped.Records);
}
