using StatementTracker.Api.Search;

namespace StatementTracker.Api.Tests.Search;

/// <summary>
/// The query language is one for both engines, but PostgreSQL's index holds only letters and digits: a word of other
/// numbers or private-use characters can never match there, and must not be dropped so that the rest means more.
/// </summary>
public class PostgresQueryTests
{
    [Theory]
    [InlineData("cyber", "'cyber'")]
    [InlineData("cyber -²", "'cyber'")]
    [InlineData("² OR cyber", "'cyber'")]
    [InlineData("² -russia", TsQueryRenderer.Nothing)]
    [InlineData("cyber ½", TsQueryRenderer.Nothing)]
    [InlineData("\"cyber ½\" OR putin", "'cyber' | 'putin'")]   // in a phrase, ½ separates words, as in the index
    [InlineData("x² unit", "'x' & 'unit'")]
    [InlineData("a²b*", "'a' <-> 'b':*")]
    [InlineData("\"cyber ①\" unit", "'cyber' & 'unit'")]
    public void AWordPostgresNeverIndexesMatchesNothingRatherThanBeingDropped(string q, string tsquery)
    {
        Assert.True(SearchQueryParser.TryParse(q, out var query, out var error), error?.Message);

        Assert.Equal(tsquery, TsQueryRenderer.RenderForIndex(query));
    }

    [Fact]
    public async Task ASearchForAWordNoIndexHoldsExcludingAnotherFindsNothingOnEitherEngine()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        await client.CreateStatementAsync("donald-j-trump", "2017-07-09", "We discussed forming an impenetrable Cyber Security unit.");

        var found = await client.GetJsonAsync($"/v1/statements?q={Uri.EscapeDataString("² -russia")}");

        Assert.Empty(found["items"]!.AsArray());
    }
}
