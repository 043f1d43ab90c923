using StatementTracker.Api.Search;

namespace StatementTracker.Api.Tests.Search;

/// <summary>
/// On PostgreSQL the service cuts search highlights itself (<see cref="Snippet"/>); they must read as SQLite's FTS5
/// snippets read, so a page looks the same on either engine. FTS5 is the judge here.
/// </summary>
public class SnippetTests
{
    private static readonly string[] Quotes =
    [
        "Putin & I discussed forming an impenetrable Cyber Security unit so that election hacking, & many other negative things, will be guarded..",
        "The fact that President Putin and I discussed a Cyber Security unit doesn't mean I think it can happen. It can't-but a ceasefire can,& did!",
        "México will pay for the wall — ¡100%!",
        "We talked about cyber security, about NATO, and about the U.S. economy, which is doing very well.",
        "\"Never\", he said. Never again.",
    ];

    [Theory]
    [InlineData("cyber")]
    [InlineData("cyber security")]
    [InlineData("\"cyber security unit\"")]
    [InlineData("cyb*")]
    [InlineData("mexico")]
    [InlineData("putin OR nato")]
    [InlineData("never")]
    [InlineData("u s economy")]
    [InlineData("cyber -putin")]
    public void AShortQuoteIsHighlightedAsFts5HighlightsIt(string q)
    {
        Assert.True(SearchQueryParser.TryParse(q, out var query, out _));
        foreach (var quote in Quotes)
        {
            using var fts5 = new Fts5Table(quote);
            if (fts5.Match(Fts5Renderer.Render(query)).Count == 0) continue;
            Assert.Equal(fts5.Snippet(Fts5Renderer.Render(query)), Snippet.Cut(quote, query));
        }
    }

    [Fact]
    public void LongQuotesAreCutWhereFts5CutsThem()
    {
        // Generated quotes of 40 to 120 words, with sentences, repeats and a few of the query's words: FTS5's window,
        // scores and sentence bonus decide where the 32 words start; the service's cut must start there too.
        var random = new Random(20170709);
        string[] vocabulary = ["cyber", "security", "unit", "putin", "russia", "the", "we", "hacking", "election", "talked", "about", "nato", "trade", "wall"];
        string[] queries = ["cyber", "cyber security", "\"security unit\"", "putin OR nato", "elect*", "russia -wall", "the"];
        for (var n = 0; n < 200; n++)
        {
            var words = Enumerable.Range(0, random.Next(40, 120)).Select(_ => vocabulary[random.Next(vocabulary.Length)] + (random.Next(9) == 0 ? ". " : random.Next(12) == 0 ? ": " : " "));
            var quote = string.Concat(words).Trim();
            foreach (var q in queries)
            {
                Assert.True(SearchQueryParser.TryParse(q, out var query, out _));
                using var fts5 = new Fts5Table(quote);
                if (fts5.Match(Fts5Renderer.Render(query)).Count == 0) continue;
                Assert.Equal(fts5.Snippet(Fts5Renderer.Render(query)), Snippet.Cut(quote, query));
            }
        }
    }

    [Fact]
    public void ALongQuoteIsCutToThirtyTwoWordsAroundItsMatchWithEllipses()
    {
        var quote = string.Join(' ', Enumerable.Range(1, 40).Select(i => $"word{i}")) + " the cyber unit " + string.Join(' ', Enumerable.Range(41, 40).Select(i => $"word{i}")) + ".";
        Assert.True(SearchQueryParser.TryParse("cyber", out var query, out _));

        var snippet = Snippet.Cut(quote, query)!;

        Assert.StartsWith("…", snippet);
        Assert.EndsWith("…", snippet);
        Assert.Contains($"{Highlight.Open}cyber{Highlight.Close}", snippet);
        Assert.Equal(Snippet.Words, SearchTokens.Of(snippet.Replace(Highlight.Open, ' ').Replace(Highlight.Close, ' ')).Count);
    }

    [Fact]
    public void AQuoteThatDoesNotMatchShowsItsOpeningWordsUnmarked()
    {
        // The summary matched, not the quote: FTS5 shows the quote's beginning, and so does the service.
        Assert.True(SearchQueryParser.TryParse("ceasefire", out var query, out _));
        var quote = Quotes[0];

        var snippet = Snippet.Cut(quote, query)!;

        Assert.Equal(quote, snippet);   // under 32 words: all of it, unmarked
        var longer = quote + " " + quote;
        var cut = Snippet.Cut(longer, query)!;
        Assert.StartsWith(quote, cut);
        Assert.EndsWith("so that election…", cut);  // the 32nd word, then the mark that the quote goes on
        Assert.Equal(Snippet.Words, SearchTokens.Of(cut).Count);
    }

    [Fact]
    public void WordsAreFoldedAsThePostgresIndexFoldsThem()
    {
        Assert.True(SearchQueryParser.TryParse("сергеи", out var query, out _));

        Assert.Equal($"Said {Highlight.Open}Сергей{Highlight.Close} Zheleznyak.", Snippet.Cut("Said Сергей Zheleznyak.", query));
    }
}
