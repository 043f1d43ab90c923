using StatementTracker.Api.Pages;

namespace StatementTracker.Api.Tests.Pages;

/// <summary>The pure parts of the pages: the chart's geometry and words, dates and durations in words, direction, URLs.</summary>
public class StanceChartTests
{
    private static StancePoint Point(string topic, string at, string stance, string id) =>
        new(topic, topic.ToUpperInvariant(), DateTime.Parse(at, null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal), stance, id, at[..10]);

    [Fact]
    public void TheStanceScaleRunsFromSupportsAtTheTopToOpposesAtTheBottom()
    {
        Assert.Equal(StanceChart.Top, StanceChart.StanceY("supports"));
        Assert.Equal(StanceChart.Top + 2 * StanceChart.RowHeight, StanceChart.StanceY("undecided"));
        Assert.Equal(StanceChart.PlotBottom, StanceChart.StanceY("opposes"));
        Assert.Throws<ArgumentOutOfRangeException>(() => StanceChart.StanceY("maybe"));
    }

    [Fact]
    public void TimeRunsLeftToRightAndASingleInstantSitsInTheMiddle()
    {
        var first = new DateTime(2017, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var last = first.AddDays(10);
        Assert.Equal(StanceChart.Left, StanceChart.TimeX(first, first, last));
        Assert.Equal(StanceChart.Width - StanceChart.Right, StanceChart.TimeX(last, first, last));
        Assert.Equal((StanceChart.Left + StanceChart.Width - StanceChart.Right) / 2, StanceChart.TimeX(first.AddDays(5), first, last), 6);
        Assert.Equal((StanceChart.Left + StanceChart.Width - StanceChart.Right) / 2, StanceChart.TimeX(first, first, first), 6);
    }

    [Fact]
    public void EachTopicIsAStepLineThroughItsTurnsAndTheWordsSayEveryChange()
    {
        var chart = StanceChart.Of([
            Point("cyber", "2017-07-09T11:50:00Z", "supports", "a"),
            Point("cyber", "2017-07-09T12:00:00Z", "supports", "b"),
            Point("cyber", "2017-07-10T00:45:00Z", "undecided", "c"),
            Point("cyber", "2017-07-11T00:00:00Z", "opposes", "d"),
            Point("nato", "2017-07-10T00:00:00Z", "opposes", "e"),
        ])!;

        var cyber = Assert.Single(chart.Series, s => s.Topic == "cyber");
        // The repeat of "supports" (b) adds nothing to the line and is left out; the last statement carries it to the end.
        Assert.Equal(["a", "c", "d"], cyber.Dots.Select(d => d.StatementId));
        Assert.Equal(StanceChart.Left, cyber.Dots[0].X);
        Assert.Equal(StanceChart.Width - StanceChart.Right, cyber.Dots[^1].X);
        Assert.Equal(FormattableString.Invariant($"M{StanceChart.Left} {StanceChart.StanceY("supports")} H{cyber.Dots[1].X:0.#} V{StanceChart.StanceY("undecided")} H{StanceChart.Width - StanceChart.Right} V{StanceChart.StanceY("opposes")}"),
            cyber.Path);
        var nato = Assert.Single(chart.Series, s => s.Topic == "nato");
        Assert.Equal("", nato.Path);
        Assert.Single(nato.Dots);
        Assert.NotEqual(cyber.Index, nato.Index);

        Assert.Equal([("supports", "undecided", "half_flip"), ("undecided", "opposes", "half_flip")],
            chart.Changes.Select(c => (c.From, c.To, c.Flip)));
        Assert.Equal("Stances on 2 topics over time. CYBER: supports from 9 July 2017, then undecided from 10 July 2017 (Half Flip), " +
            "then opposes from 11 July 2017 (Half Flip). NATO: opposes from 10 July 2017.", chart.Summary);
        Assert.Equal(["supports", "leans support", "undecided", "leans oppose", "opposes"], chart.StanceTicks.Select(t => t.Label));
    }

    [Fact]
    public void TimeLabelsAreWordedForTheSpan()
    {
        var start = new DateTime(2017, 7, 9, 11, 50, 0, DateTimeKind.Utc);
        Assert.Equal("9 Jul 11:50 UTC", StanceChart.TimeAxis(start, start.AddHours(13))[0].Label);
        Assert.Equal("9 Jul 2017", StanceChart.TimeAxis(start, start.AddDays(40))[0].Label);
        Assert.Equal("Jul 2017", StanceChart.TimeAxis(start, start.AddYears(2))[0].Label);
        Assert.Equal("2017", StanceChart.TimeAxis(start, start.AddYears(10))[0].Label);
        var single = Assert.Single(StanceChart.TimeAxis(start, start));
        Assert.Equal((StanceChart.Left + StanceChart.Width - StanceChart.Right) / 2, single.Position, 6);
    }

    [Fact]
    public void NoStancesNoChart() => Assert.Null(StanceChart.Of([]));

    [Fact]
    public void OnlyTheTopicsSpokenOnMostRecentlyAreDrawnButAllAreDescribed()
    {
        var points = Enumerable.Range(0, StanceChart.MaxSeries + 2)
            .Select(i => Point($"topic{i}", $"2017-07-{10 + i:D2}T00:00:00Z", "supports", $"s{i}")).ToList();
        var chart = StanceChart.Of(points)!;
        Assert.Equal(StanceChart.MaxSeries, chart.Series.Count);
        Assert.Equal(2, chart.OmittedTopics);
        Assert.DoesNotContain(chart.Series, s => s.Topic is "topic0" or "topic1");
        Assert.Contains("TOPIC0: supports", chart.Summary);
    }
}

public class DisplayTests
{
    [Theory]
    [InlineData("2017", "2017")]
    [InlineData("2017-07", "July 2017")]
    [InlineData("2017-07-09", "9 July 2017")]
    [InlineData("2017-07-09T20:45:13-04:00", "9 July 2017, 20:45 (UTC−04:00)")]
    [InlineData("2017-07-09T06:50Z", "9 July 2017, 06:50 (UTC±00:00)")]
    [InlineData("2019-03-01T09:00+05:30", "1 March 2019, 09:00 (UTC+05:30)")]
    public void ADateIsReadAtItsOwnPrecisionOnTheSpeakersClock(string saidAt, string expected) => Assert.Equal(expected, Display.When(saidAt));

    [Theory]
    [InlineData("2017-07-09T20:45:13-04:00", "2017-07-09")]
    [InlineData("2017-07-10T00:45:13Z", "2017-07-10")]
    [InlineData("2017-07-09", "2017-07-09")]
    [InlineData("2017-07", "2017-07")]
    public void AStatementBelongsToTheDayOfItsOwnClock(string saidAt, string day) => Assert.Equal(day, Display.Day(saidAt).Key);

    [Theory]
    [InlineData(0, "at the same time")]
    [InlineData(45, "45 seconds later")]
    [InlineData(60, "1 minute later")]
    [InlineData(46489, "13 hours later")]
    [InlineData(3 * 86400, "3 days later")]
    [InlineData(21 * 86400, "3 weeks later")]
    [InlineData(200 * 86400, "7 months later")]
    [InlineData(3 * 365 * 86400, "3 years later")]
    public void TheTimeBetweenTwoStatementsIsSaidInWords(long seconds, string expected) => Assert.Equal(expected, Display.Later(seconds));

    [Fact]
    public void StatementsAreGroupedByRunsOfTheSameDayInTimelineOrder()
    {
        var groups = Display.ByDay(["2017-07-09T07:50:24-04:00", "2017-07-09", "2017-07-09T20:45:13-04:00", "2017-07-10"], s => s);
        Assert.Equal([("2017-07-09", 3), ("2017-07-10", 1)], groups.Select(g => (g.Key, g.Items.Count)));
        Assert.Equal("Sunday 9 July 2017", groups[0].Label);
    }

    [Theory]
    [InlineData("reverses", true, "Reverses")]
    [InlineData("reverses", false, "Reversed by")]
    [InlineData("responds_to", false, "Answered by")]
    [InlineData("walks_back", true, "Walks back")]
    public void ALinkIsReadFromItsEnd(string relation, bool outgoing, string expected) => Assert.Equal(expected, Display.Relation(relation, outgoing));
}

public class TextDirectionTests
{
    [Theory]
    [InlineData("ar", "rtl")]
    [InlineData("ar-EG", "rtl")]
    [InlineData("he", "rtl")]
    [InlineData("fa", "rtl")]
    [InlineData("ur-PK", "rtl")]
    [InlineData("az-Arab", "rtl")]
    [InlineData("pa-Arab-PK", "rtl")]
    [InlineData("ku-Latn", "ltr")]
    [InlineData("en", "ltr")]
    [InlineData("ru", "ltr")]
    [InlineData("zh-Hant-TW", "ltr")]
    [InlineData("", "ltr")]
    [InlineData(null, "ltr")]
    public void TheDirectionComesFromTheLanguageTagsScript(string? language, string expected) => Assert.Equal(expected, TextDirection.Of(language));
}

public class PageSafetyTests
{
    [Theory]
    [InlineData("Putin &amp; I discussed an impenetrable <mark>Cyber</mark> Security unit", true)]
    [InlineData("&lt;script&gt;alert(1)&lt;/script&gt; <mark>cyber</mark>", true)]
    [InlineData("<mark>cyber</mark><script>alert(1)</script>", false)]
    [InlineData("<mark onclick=x>cyber</mark>", false)]
    public void OnlyEscapedTextAndMarkTagsPassAsAHighlight(string highlight, bool safe) => Assert.Equal(safe, SafeHighlight.IsSafe(highlight));

    [Fact]
    public void TheSearchHighlightEscapesEverythingButItsMarks()
    {
        var markup = StatementTracker.Api.Search.Highlight.ToSafeMarkup("<script>\"x\" & '\u0001cyber\u0002'</script>");
        Assert.Equal("&lt;script&gt;&quot;x&quot; &amp; &#39;<mark>cyber</mark>&#39;&lt;/script&gt;", markup);
        Assert.True(SafeHighlight.IsSafe(markup));
    }

    [Fact]
    public void JsonLdCanNeverCloseItsScriptElement()
    {
        var json = JsonLd.Serialize(new System.Text.Json.Nodes.JsonObject { ["claimReviewed"] = "</script><script>alert(1)</script><!-- Привет & 'bye'" });
        Assert.DoesNotContain("<", json);
        Assert.DoesNotContain(">", json);
        Assert.Contains("Привет", json);
        Assert.Equal("</script><script>alert(1)</script><!-- Привет & 'bye'", System.Text.Json.Nodes.JsonNode.Parse(json)!["claimReviewed"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("https://example.org/a", "https://example.org/a")]
    [InlineData("http://example.org", "http://example.org")]
    [InlineData("javascript:alert(1)", null)]
    [InlineData("data:text/html,<b>x</b>", null)]
    [InlineData("/relative", null)]
    [InlineData(null, null)]
    public void OnlyAbsoluteHttpUrlsBecomeLinks(string? url, string? expected) => Assert.Equal(expected, SafeUrl.Http(url));
}

public class StanceChartLimitsTests
{
    [Fact]
    public void AFlipFlopperIsSummedUpInWordsAndTheTableKeepsTheLatestChanges()
    {
        var start = new DateTime(2017, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var points = Enumerable.Range(0, StanceChart.MaxChanges + 11)
            .Select(i => new StancePoint("t", "Topic", start.AddDays(i), i % 2 == 0 ? "supports" : "opposes", $"s{i}", start.AddDays(i).ToString("yyyy-MM-dd")))
            .ToList();

        var chart = StanceChart.Of(points)!;

        Assert.Equal(StanceChart.MaxChanges, chart.Changes.Count);
        Assert.Equal(10, chart.OmittedChanges);
        Assert.Equal($"s{points.Count - 1}", chart.Changes[^1].ToStatementId);
        Assert.Contains($"then {StanceChart.MaxChanges + 10 - StanceChart.DescribedChanges} changes more", chart.Summary);
        Assert.Equal(StanceChart.DescribedChanges, chart.Summary.Split("Full Flop").Length - 1);
    }
}
