using System.Globalization;
using System.Text;

namespace StatementTracker.Api.Search;

/// <summary>
/// Cuts a quote's highlight in the service, where the engine has no snippet that folds words as search does
/// (PostgreSQL's ts_headline reads the quote's own, unfolded words). It follows FTS5's snippet as SQLite shows it:
/// the window of at most <see cref="Words"/> words holding the most matched words, "…" where the quote goes on, and
/// each matched word or phrase between <see cref="Highlight.Open"/> and <see cref="Highlight.Close"/>.
/// </summary>
public static class Snippet
{
    public const int Words = 32;
    private const string Ellipsis = "…";

    /// <summary>The highlight of <paramref name="quote"/> for <paramref name="query"/>; null when the quote has no words.</summary>
    public static string? Cut(string quote, SearchQuery query)
    {
        var text = SearchTokens.Composed(quote);
        var spans = SearchTokens.Spans(text);
        var words = spans.Select(s => Loose(s.Word)).ToArray();
        // Each matched word gets the number of its match, so the words of one phrase share a mark.
        var group = new int[words.Length];
        var next = 1;
        foreach (var (tokens, prefix) in Wanted(query))
        {
            var wanted = tokens.Select(Loose).ToArray();
            for (var i = 0; i + wanted.Length <= words.Length; i++)
            {
                var all = true;
                for (var j = 0; j < wanted.Length && all; j++)
                    all = prefix && j == wanted.Length - 1 ? words[i + j].StartsWith(wanted[j], StringComparison.Ordinal) : words[i + j] == wanted[j];
                if (!all) continue;
                var mark = next++;
                for (var j = 0; j < wanted.Length; j++) if (group[i + j] == 0) group[i + j] = mark;
            }
        }
        if (spans.Count == 0) return null;

        // No word of the quote matched (the summary did): the quote's opening words, unmarked, as FTS5 shows them.
        var (first, last) = group.All(g => g == 0) ? (0, Math.Min(Words, spans.Count) - 1) : Window(group);
        var result = new StringBuilder();
        result.Append(first == 0 ? text[..spans[0].Start] : Ellipsis);
        for (var i = first; i <= last; i++)
        {
            if (i > first) result.Append(text, spans[i - 1].End, spans[i].Start - spans[i - 1].End);
            var opens = group[i] != 0 && (i == first || group[i - 1] != group[i]);
            var closes = group[i] != 0 && (i == last || group[i + 1] != group[i]);
            if (opens) result.Append(Highlight.Open);
            result.Append(text, spans[i].Start, spans[i].End - spans[i].Start);
            if (closes) result.Append(Highlight.Close);
        }
        result.Append(last == spans.Count - 1 ? text[spans[last].End..] : Ellipsis);
        return result.ToString();
    }

    /// <summary>The first and last word of the window with the most matched words, the matches placed near its middle.</summary>
    private static (int First, int Last) Window(int[] group)
    {
        if (group.Length <= Words) return (0, group.Length - 1);
        var best = 0;
        var bestCount = -1;
        for (var start = 0; start + Words <= group.Length; start++)
        {
            var count = 0;
            for (var i = start; i < start + Words; i++) if (group[i] != 0) count++;
            if (count > bestCount) (best, bestCount) = (start, count);
        }
        var firstMatch = Array.FindIndex(group, best, g => g != 0);
        var lastMatch = Array.FindLastIndex(group, best + Words - 1, Words, g => g != 0);
        var slack = Words - (lastMatch - firstMatch + 1);
        var first = Math.Clamp(firstMatch - slack / 2, 0, group.Length - Words);
        return (first, first + Words - 1);
    }

    /// <summary>The words and phrases a match shows, with whether the last word is a prefix; what is excluded shows nothing.</summary>
    private static IEnumerable<(IReadOnlyList<string> Tokens, bool Prefix)> Wanted(SearchQuery query) => query switch
    {
        SearchQuery.Term t => [([t.Text], t.Prefix)],
        SearchQuery.Phrase p => [(p.Tokens, p.Prefix)],
        SearchQuery.And a => a.Items.SelectMany(Wanted),
        SearchQuery.Or o => o.Alternatives.SelectMany(Wanted),
        _ => [],
    };

    /// <summary>A word with every accent gone, as the PostgreSQL index folds it (Cyrillic й is и there).</summary>
    private static string Loose(string word)
    {
        var result = new StringBuilder(word.Length);
        foreach (var c in word.Normalize(NormalizationForm.FormD))
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) result.Append(char.ToLowerInvariant(c));
        return result.ToString();
    }
}
