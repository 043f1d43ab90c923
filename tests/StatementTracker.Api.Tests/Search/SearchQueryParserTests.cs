using System.Text;
using System.Text.RegularExpressions;
using StatementTracker.Api.Search;

namespace StatementTracker.Api.Tests.Search;

/// <summary>
/// The search language is pure code, tested without a host; a real in-memory FTS5 table judges the renderings, so
/// "valid FTS5" and "finds what it should" are SQLite's word, not ours.
/// </summary>
public class SearchQueryParserTests
{
    [Theory]
    [InlineData("cyber", "\"cyber\"")]
    [InlineData("Cyber Security", "\"cyber\" \"security\"")]
    [InlineData("\"cyber security unit\"", "\"cyber security unit\"")]
    [InlineData("\"Cyber\"", "\"cyber\"")]
    [InlineData("cyber*", "\"cyber\"*")]
    [InlineData("\"cyber sec\"*", "\"cyber sec\"*")]
    [InlineData("cyber -russia", "\"cyber\" NOT \"russia\"")]
    [InlineData("-russia cyber -putin", "\"cyber\" NOT \"russia\" NOT \"putin\"")]
    [InlineData("trump putin -russia", "(\"trump\" \"putin\") NOT \"russia\"")]
    [InlineData("trump -\"cyber unit\"", "\"trump\" NOT \"cyber unit\"")]
    [InlineData("cyber -impenetr*", "\"cyber\" NOT \"impenetr\"*")]
    [InlineData("trump OR putin", "\"trump\" OR \"putin\"")]
    [InlineData("cyber unit OR impenetrable", "(\"cyber\" \"unit\") OR \"impenetrable\"")]
    [InlineData("trump -russia OR putin", "(\"trump\" NOT \"russia\") OR \"putin\"")]
    [InlineData("\"a b\" OR cy* OR -x y", "\"a b\" OR \"cy\"* OR (\"y\" NOT \"x\")")]
    [InlineData("trump or putin", "\"trump\" \"or\" \"putin\"")]
    [InlineData("-OR cyber", "\"cyber\" NOT \"or\"")]
    [InlineData("México", "\"mexico\"")]
    [InlineData("Poutine", "\"poutine\"")]
    [InlineData("Nguyễn Tấn Dũng", "\"nguyen\" \"tan\" \"dung\"")]
    [InlineData("İstanbul Straße", "\"istanbul\" \"straße\"")]
    [InlineData("Сергей Лавров", "\"сергей\" \"лавров\"")]
    [InlineData("Τσίπρας", "\"τσίπρας\"")]
    [InlineData("U.S.", "\"u s\"")]
    [InlineData("don't", "\"don t\"")]
    [InlineData("e-mail", "\"e mail\"")]
    [InlineData("abc\"def ghi\"", "\"abc\" \"def ghi\"")]
    [InlineData("\"a\"-b", "\"a\" NOT \"b\"")]
    [InlineData("cyber\tunit\u00A0now", "\"cyber\" \"unit\" \"now\"")]
    public void AValidQueryRendersToFts5WithEveryWordQuoted(string input, string fts5)
    {
        Assert.Equal(fts5, Fts5Renderer.Render(Parse(input)));
    }

    [Theory]
    [InlineData("NEAR(a b)", "\"near a\" \"b\"")]
    [InlineData("NEAR(\"a\" \"b\", 5)", "\"near\" \"a\" \"b\" \"5\"")]
    [InlineData("quote:russia", "\"quote russia\"")]
    [InlineData("{body quote}: russia", "\"body\" \"quote\" \"russia\"")]
    [InlineData("^start", "\"start\"")]
    [InlineData("a + b", "\"a\" \"b\"")]
    [InlineData("(a OR b) c", "\"a\" OR (\"b\" \"c\")")]
    [InlineData("a AND b", "\"a\" \"b\"")]
    [InlineData("cyber AND OR unit", "\"cyber\" OR \"unit\"")]
    [InlineData("Robert'); DROP TABLE statements;--", "\"robert\" \"drop\" \"table\" \"statements\"")]
    [InlineData("1; SELECT body FROM api_keys", "\"1\" \"select\" \"body\" \"from\" \"api keys\"")]
    [InlineData("مرحبا بالعالم", "\"مرحبا\" \"بالعالم\"")]
    [InlineData("שלום עולם", "\"שלום\" \"עולם\"")]
    [InlineData("\u202Etrump\u202C", "\"trump\"")]
    [InlineData("日本語 テキスト", "\"日本語\" \"テキスト\"")]
    [InlineData("trump 🇺🇸 🙂", "\"trump\"")]
    [InlineData("family 👨‍👩‍👧 photo", "\"family\" \"photo\"")]
    [InlineData("x\u200Dy", "\"x y\"")]
    [InlineData("x²", "\"x²\"")]
    public void FTS5SyntaxAndOddTextBecomePlainWords(string input, string fts5)
    {
        Assert.Equal(fts5, Fts5Renderer.Render(Parse(input)));
    }

    [Theory]
    [InlineData("\"cyber unit", 1, "The quote at character 1 is never closed")]
    [InlineData("cyber \"unit", 7, "The quote at character 7 is never closed")]
    [InlineData("\"a\" \"b\" \"c", 9, "The quote at character 9 is never closed")]
    [InlineData("\"; DROP TABLE statements; --", 1, "The quote at character 1 is never closed")]
    [InlineData("OR", 1, "'OR' at character 1 has nothing before it")]
    [InlineData("OR trump", 1, "'OR' at character 1 has nothing before it")]
    [InlineData("trump OR", 7, "'OR' at character 7 has nothing after it")]
    [InlineData("trump OR !!!", 7, "'OR' at character 7 has nothing after it")]
    [InlineData("trump OR OR putin", 10, "'OR' at character 10 has no word or phrase between it and the 'OR' at character 7")]
    [InlineData("' OR 1=1", 3, "'OR' at character 3 has nothing before it")]
    [InlineData("-", 1, "The '-' at character 1 must be followed by a word or \"phrase\" to exclude")]
    [InlineData("trump - putin", 7, "The '-' at character 7 must be followed")]
    [InlineData("-*", 1, "The '-' at character 1 must be followed")]
    [InlineData("-!!", 1, "The '-' at character 1 must be followed")]
    [InlineData("'; DROP TABLE statements; --", 27, "The '-' at character 27 must be followed")]
    [InlineData("*", 1, "The '*' at character 1 must end a word")]
    [InlineData("cyber *", 7, "The '*' at character 7 must end a word")]
    [InlineData("(*", 2, "The '*' at character 2 must end a word")]
    [InlineData("a*", 1, "The prefix 'a*' at character 1 is too short: put at least 2 letters or digits before '*'")]
    [InlineData("trump É*", 7, "The prefix 'e*' at character 7 is too short")]
    [InlineData("trump U.S*", 7, "The prefix 's*' at character 7 is too short")]
    [InlineData("\"cyber u\"*", 1, "The prefix 'u*' at character 1 is too short")]
    [InlineData("\"\"", 1, "The phrase at character 1 has no words in it")]
    [InlineData("cyber \"  \"", 7, "The phrase at character 7 has no words in it")]
    [InlineData("-\"!?\" cyber", 2, "The phrase at character 2 has no words in it")]
    [InlineData("trump NOT russia", 7, "'NOT' at character 7 is not an operator here: put '-' before a word to exclude it")]
    [InlineData("-russia", null, "Nothing to search for: the query only excludes words")]
    [InlineData("-russia -\"cyber unit\"", null, "Nothing to search for: the query only excludes words")]
    [InlineData("trump OR -russia", 10, "The alternative at character 10 only excludes words")]
    [InlineData("-russia OR trump", 1, "The alternative at character 1 only excludes words")]
    [InlineData("", null, "The query is empty")]
    [InlineData("   \t ", null, "The query is empty")]
    [InlineData("\u200B\u200D", null, "The query is empty")]
    [InlineData("!!! ... ()", null, "Nothing to search for: the query has no word or phrase with letters or digits in it")]
    [InlineData("AND", null, "Nothing to search for")]
    [InlineData("🙂 👍🏽", null, "Nothing to search for")]
    [InlineData("🙂 -", 3, "The '-' at character 3 must be followed")]
    public void AFaultyQueryIsRefusedSayingWhatIsWrongAndWhere(string input, int? position, string message)
    {
        var error = Refuse(input);

        Assert.Contains(message, error.Message);
        Assert.Equal(position, error.Position);
    }

    [Fact]
    public void NoQueryAtAllIsEmpty()
    {
        Assert.False(SearchQueryParser.TryParse(null, out _, out var error));
        Assert.Equal(new SearchQueryError("The query is empty: type a word or \"a phrase\" to search for.", null), error);
    }

    [Fact]
    public void AQueryOverFiveHundredCharactersIsRefusedWhateverItHolds()
    {
        Assert.Equal(new SearchQueryError("The query has 10000 characters; at most 500 are allowed.", 501), Refuse(new string('a', 10_000)));
        Assert.Equal(501, Refuse(string.Concat(Enumerable.Repeat("\"a ", 2_500))).Position);
        Assert.Contains("501 characters", Refuse(new string('x', 499) + "🙂🙂").Message);
        Parse(new string('x', 498) + "🙂🙂");
    }

    [Fact]
    public void AtMostThirtyTwoWordsAndPhrasesCount()
    {
        var words = Enumerable.Range(1, 33).Select(i => $"w{i}").ToList();
        var thirtyThird = string.Join(' ', words.Take(32)).Length + 2;

        Parse(string.Join(' ', words.Take(32)) + " AND & 🙂");
        var error = Refuse(string.Join(' ', words));

        Assert.Equal($"The query has more than 32 words and phrases; the one at character {thirtyThird} is one too many.", error.Message);
        Assert.Equal(thirtyThird, error.Position);
    }

    [Fact]
    public void AnUnpairedSurrogateIsRefusedWithItsPosition()
    {
        Assert.Equal(1, Refuse("\uD800abc").Position);
        Assert.Equal(4, Refuse("abc\uDC00").Position);
        Assert.Contains("The character at 3 is half of a surrogate pair", Refuse("🙂 \uDBFF").Message);
        Assert.Equal("\"a b\"", Fts5Renderer.Render(Parse("a\uD83D\uDE00b"))); // a valid pair is a character, here an emoji between two words
    }

    [Theory]
    [InlineData("cyber", "cyber", "'cyber'")]
    [InlineData("cyber unit -russia", "cyber unit -russia", "'cyber' & 'unit' & !'russia'")]
    [InlineData("\"Cyber Security\" impenetr*", "\"cyber security\" impenetr*", "('cyber' <-> 'security') & 'impenetr':*")]
    [InlineData("a b -x OR c", "a b -x OR c", "('a' & 'b' & !'x') | 'c'")]
    [InlineData("trump -\"cyber unit\" OR \"putin said\"", "trump -\"cyber unit\" OR \"putin said\"", "('trump' & !('cyber' <-> 'unit')) | ('putin' <-> 'said')")]
    [InlineData("\"u.s. sec\"*", "\"u s sec\"*", "'u' <-> 's' <-> 'sec':*")]
    [InlineData("don't AND NEAR:x", "\"don t\" \"near x\"", "('don' <-> 't') & ('near' <-> 'x')")]
    [InlineData("a & b | !c <-> de:* 'x'", "a b c de* x", "'a' & 'b' & 'c' & 'de':* & 'x'")]
    public void TheSameTreeRendersToTsQueryAndBackToItsOwnLanguage(string input, string canonical, string tsquery)
    {
        var query = Parse(input);

        Assert.Equal(canonical, query.ToString());
        Assert.Equal(tsquery, TsQueryRenderer.Render(query));
    }

    [Fact]
    public void TsQueryLexemesEscapeQuotesAndBackslashesShouldAWordEverHoldThem()
    {
        var query = new SearchQuery.Or([new SearchQuery.Term("it's"), new SearchQuery.Phrase(["a\\", "b"], Prefix: true)]);

        Assert.Equal("'it''s' | ('a\\\\' <-> 'b':*)", TsQueryRenderer.Render(query));
        Assert.Equal("\"say \"\"x\"\"\"", Fts5Renderer.Render(new SearchQuery.Term("say \"x\"")));
    }

    [Fact]
    public void HighlightTermsAreTheWordsAndPhrasesToFindEachOnceAndNotTheExcludedOnes()
    {
        var query = Parse("Cyber \"security unit\" russ* -putin OR México cyber -\"said so\"");

        Assert.Equal(["cyber", "security unit", "russ*", "mexico"], query.HighlightTerms());
    }

    [Fact]
    public void ATreeOfOnlyExclusionsCannotBeWrittenForFts5WhichHasNoUnaryNot()
    {
        Assert.Throws<ArgumentException>(() => Fts5Renderer.Render(new SearchQuery.Not(new SearchQuery.Term("russia"))));
        Assert.Throws<ArgumentException>(() => Fts5Renderer.Render(new SearchQuery.Or(
            [new SearchQuery.Term("trump"), new SearchQuery.And([new SearchQuery.Not(new SearchQuery.Term("russia"))])])));
    }

    [Fact]
    public void RenderedQueriesFindWhatTheyMeanInARealFts5Index()
    {
        using var index = new Fts5Table(
            "We discussed forming an impenetrable Cyber Security unit",
            "The fact that President Putin and I discussed a Cyber Security unit doesn't mean I think it can happen. It can't",
            "Trump moved back on the cyber unit, a Russian senator said",
            "Poutine a parlé avec Trump à Hambourg",
            "El presidente de México habló",
            "Сергей Лавров сказал",
            "The U.S. and Russia");
        IReadOnlyList<string> Find(string q) => index.Match(Fts5Renderer.Render(Parse(q)));

        Assert.Equal(2, Find("cyber unit -russian").Count);
        Assert.Single(Find("\"cyber security\" -\"doesn't mean\""), s => s.StartsWith("We discussed"));
        Assert.Single(Find("impenetr*"), s => s.StartsWith("We discussed"));
        Assert.Equal(["We discussed forming an impenetrable Cyber Security unit", "Trump moved back on the cyber unit, a Russian senator said"],
            Find("impenetrable OR senator"));
        Assert.Equal(3, Find("cyber -russian OR russia").Count);
        Assert.Single(Find("MEXICO"), s => s.Contains("México"));
        Assert.Single(Find("poutine"), s => s.StartsWith("Poutine"));
        Assert.Single(Find("parle"), s => s.StartsWith("Poutine"));
        Assert.Single(Find("Сергей"), s => s.StartsWith("Сергей"));
        Assert.Single(Find("u.s."), s => s.Contains("U.S."));
        Assert.Single(Find("can't"), s => s.Contains("can't"));
        Assert.Empty(Find("cyber NEAR:unit"));
        Assert.Empty(Find("quote:russia"));
    }

    [Fact]
    public void AnExclusionInsideAnAlternativeExcludesOnlyThere()
    {
        using var index = new Fts5Table("a", "a x", "b", "b x");

        Assert.Equal(["a", "b", "b x"], index.Match(Fts5Renderer.Render(Parse("a -x OR b"))));
        Assert.Equal(["a", "b"], index.Match(Fts5Renderer.Render(Parse("a -x OR b -x"))));
    }

    [Fact]
    public void ThousandsOfRandomQueriesNeverThrowAndEverySuccessIsValidFts5MadeOfQuotedWords()
    {
        using var index = new Fts5Table("cyber security unit", "a b c", "日本 עברית");
        var random = new Random(20170709);
        var (parsed, refused) = (0, 0);
        for (var n = 0; n < 4_000; n++)
        {
            var input = RandomQuery(random);
            try
            {
                if (!SearchQueryParser.TryParse(input, out var query, out var error))
                {
                    refused++;
                    Assert.False(string.IsNullOrWhiteSpace(error.Message));
                    if (error.Position is { } position) Assert.InRange(position, 1, input.Length + 1);
                    continue;
                }
                parsed++;
                var fts5 = Fts5Renderer.Render(query);
                AssertOnlyQuotedWordsAndOperators(fts5);
                index.Match(fts5);
                Assert.Matches(TsQueryShape(), TsQueryRenderer.Render(query));
                var canonical = query.ToString();
                if (canonical.Length <= SearchQueryParser.MaxLength) Assert.Equal(canonical, Parse(canonical).ToString());
            }
            catch (Exception e)
            {
                Assert.Fail($"Query {Escape(input)}: {e}");
            }
        }
        Assert.True(parsed > 1_000 && refused > 1_000, $"Too few of one kind to prove much: {parsed} parsed, {refused} refused.");
    }

    [Fact]
    public void TheQuerysWordsAreTheWordsTheIndexMakesOfRandomText()
    {
        using var index = new Fts5Table();
        var random = new Random(9072017);
        for (var n = 0; n < 2_000; n++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 12)).Select(_ => TextPieces[random.Next(TextPieces.Length)]));

            var ours = index.Tokens(string.Join(' ', SearchTokens.Of(text)));

            Assert.True(index.Tokens(text.Normalize(NormalizationForm.FormC)).SequenceEqual(ours), $"Text {Escape(text)}: FTS5 reads [{string.Join(", ", index.Tokens(text.Normalize(NormalizationForm.FormC)))}], we read [{string.Join(", ", SearchTokens.Of(text))}].");
        }
    }

    [Fact]
    public void EveryLatinGreekAndCyrillicLetterIsFoldedAndSplitAsTheIndexDoesIt()
    {
        using var index = new Fts5Table();
        var ranges = new[] { (0x20, 0x36F), (0x370, 0x52F), (0x1E00, 0x1FFF), (0xFF01, 0xFF5E) };
        var differences = new List<string>();
        foreach (var (first, last) in ranges)
        {
            for (var c = first; c <= last; c++)
            {
                if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.OtherNotAssigned) continue;
                if (c is 0x37F or >= 0x528 and <= 0x52F) continue; // letters of Unicode 7, newer than FTS5's tables
                var text = $"x{char.ConvertFromUtf32(c)}y";
                var fts5 = index.Tokens(text.Normalize(NormalizationForm.FormC));
                var ours = index.Tokens(string.Join(' ', SearchTokens.Of(text)));
                if (!fts5.SequenceEqual(ours)) differences.Add($"U+{c:X4}: FTS5 [{string.Join(", ", fts5)}], ours [{string.Join(", ", ours)}]");
            }
        }
        Assert.Empty(differences);
    }

    private static SearchQuery Parse(string input)
    {
        Assert.True(SearchQueryParser.TryParse(input, out var query, out var error), $"Query {Escape(input)} was refused: {error?.Message}");
        return query;
    }

    private static SearchQueryError Refuse(string input)
    {
        Assert.False(SearchQueryParser.TryParse(input, out var query, out var error), $"Query {Escape(input)} was accepted as {query}.");
        return error;
    }

    /// <summary>Quoted words (letters, digits, spaces between), a prefix's *, spaces, parentheses, OR and NOT: nothing else.</summary>
    private static void AssertOnlyQuotedWordsAndOperators(string fts5)
    {
        var match = Fts5Shape().Match(fts5);
        Assert.True(match.Success, $"Not quoted words and operators: {fts5}");
        foreach (var word in match.Groups["word"].Captures.Select(c => c.Value))
        {
            Assert.All(word.Split(' '), token => Assert.Equal(token, string.Join(' ', SearchTokens.Of(token))));
        }
    }

    private static Regex Fts5Shape() => new("^(?:\"(?<word>[^\" ]+(?: [^\" ]+)*)\"\\*?|[()]| (?!\\)|$)|OR|NOT)+$");

    private static Regex TsQueryShape() => new("^(?:'[^'\\\\ ]+'(?::\\*)?|[()!]| (?:&|\\||<->) )+$");

    /// <summary>Fragments that stress the language: its operators, FTS5's, SQL, scripts, marks, emoji and broken UTF-16.</summary>
    private static readonly string[] QueryPieces =
    [
        " ", " ", " ", " ", "\"", "\"", "-", "*", "OR", "or", "AND", "NOT", "NEAR", "(", ")", ":", "^", "+", "{", "}",
        "cyber", "unit", "a", "Zq", "42", "é", "É", "й", "Σ", "ά", "日本", "עברית", "مرحبا", "😀", "🙂", "\u200D", "\u200B",
        "\u202E", "\uD800", "\uDC00", "'", ";", "--", "\0", "\t", "U.S.", "ǡ", "q\u0301", "\u0301", "ि", "x²", "ß", "İ", "ﬁ",
        "%", "_", "\\", "NOT(", "body:", "\"\"", "* ", " -", "\ue000",
    ];

    private static readonly string[] TextPieces =
    [
        "a", "Zq", "7", " ", " ", ".", "'", "-", "é", "É", "ü", "ß", "ø", "Ł", "ǡ", "Ǣ", "й", "Ё", "Σ", "ς", "ά", "日本",
        "עברית", "שָׁ", "مرحبا", "كَ", "😀", "\u200D", "\u00AD", "q\u0301", "\u0301", "\u0358", "ि", "्", "x²", "Ⅻ", "İ", "ﬁ",
        "ǅ", "Ａ", "٣", "\ue000", "\u0332", "U.S.", "don't", "México", "ắ", "Ǖ",
    ];

    private static string RandomQuery(Random random)
    {
        var query = new StringBuilder();
        for (var i = random.Next(0, 14); i > 0; i--)
        {
            if (random.Next(8) == 0) query.Append((char)random.Next(0x10000)); // any UTF-16 unit, lone surrogates included
            else query.Append(QueryPieces[random.Next(QueryPieces.Length)]);
        }
        return query.ToString();
    }

    private static string Escape(string text) =>
        "\"" + string.Concat(text.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}")) + "\"";
}
