using StatementTracker.Api.Search;

namespace StatementTracker.Api.Tests.Search;

public class SearchTermCountsTests
{
    [Fact]
    public void AWordCountedOnceIsReadAgainWhileTheStatementsStayWithinAHundredth()
    {
        var counts = new SearchTermCounts();
        counts.Keep("the", prefix: false, statements: 10_000, documents: 4_200);

        Assert.Equal(4_200, counts.Find("the", false, 10_000));
        Assert.Equal(4_200, counts.Find("the", false, 10_100));
        Assert.Equal(4_200, counts.Find("the", false, 9_900));
    }

    [Fact]
    public void AWordIsCountedAgainOnceTheStatementsMovedMoreThanAHundredth()
    {
        var counts = new SearchTermCounts();
        counts.Keep("the", prefix: false, statements: 10_000, documents: 4_200);

        Assert.Null(counts.Find("the", false, 10_101));
        Assert.Null(counts.Find("the", false, 9_899));
        Assert.Null(counts.Find("the", false, 0));
    }

    [Fact]
    public void AWordAndThePrefixOfTheSameLettersAreCountedApart()
    {
        var counts = new SearchTermCounts();
        counts.Keep("the", prefix: true, statements: 50, documents: 30);

        Assert.Null(counts.Find("the", false, 50));
        Assert.Equal(30, counts.Find("the", true, 50));
    }

    [Fact]
    public void TheSetStartsAgainRatherThanGrowPastItsBound()
    {
        var counts = new SearchTermCounts();
        for (var i = 0; i < SearchTermCounts.MaxTerms; i++) counts.Keep($"w{i}", false, 100, i);

        counts.Keep("one-more", false, 100, 7);

        Assert.Null(counts.Find("w0", false, 100));
        Assert.Equal(7, counts.Find("one-more", false, 100));
    }
}
