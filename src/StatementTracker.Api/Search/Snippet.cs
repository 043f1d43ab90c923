using System.Globalization;
using System.Text;

namespace StatementTracker.Api.Search;

/// <summary>
/// Cuts a quote's highlight in the service, where the engine has no snippet that folds words as search does
/// (PostgreSQL's ts_headline reads the quote's own, unfolded words). It follows SQLite FTS5's snippet function
/// (fts5_aux.c) step by step, so a page reads the same on either engine:
/// <list type="bullet">
/// <item>Each matched word or phrase of the query is an instance. A window of <see cref="Words"/> words scores 1,000
/// for each different phrase it holds and 1 for each repeat.</item>
/// <item>For each instance, two windows are tried: one placed so its instances sit in the middle, and one starting at
/// the sentence the instance is in (a word after "." or ":" and a space), which earns 100 more, 120 at the quote's
/// start. The first window with the best score wins.</item>
/// <item>Matched words are marked with <see cref="Highlight.Open"/> and <see cref="Highlight.Close"/>, a phrase as
/// one mark; "…" stands where the quote goes on.</item>
/// </list>
/// </summary>
public static class Snippet
{
    public const int Words = 32;
    private const string Ellipsis = "…";

    private readonly record struct Instance(int Phrase, int Start, int Length);

    /// <summary>The highlight of <paramref name="quote"/> for <paramref name="query"/>; null when the quote has no words.</summary>
    public static string? Cut(string quote, SearchQuery query)
    {
        var text = SearchTokens.Composed(quote);
        var spans = SearchTokens.Spans(text);
        if (spans.Count == 0) return null;
        var words = spans.Select(s => Loose(s.Word)).ToArray();
        var instances = InstancesOf(words, query);
        var first = instances.Count == 0 ? 0 : Window(instances, SentenceStarts(text, spans), spans.Count);
        var last = Math.Min(first + Words, spans.Count) - 1;

        // Each word of an instance in the window is marked; the words of one instance share one mark.
        var mark = new int[spans.Count];
        for (var i = 0; i < instances.Count; i++)
        {
            var instance = instances[i];
            if (instance.Start < first || instance.Start > last) continue;
            for (var j = instance.Start; j < instance.Start + instance.Length && j < spans.Count; j++) if (mark[j] == 0) mark[j] = i + 1;
        }
        var result = new StringBuilder();
        result.Append(first == 0 ? text[..spans[0].Start] : Ellipsis);
        for (var i = first; i <= last; i++)
        {
            if (i > first) result.Append(text, spans[i - 1].End, spans[i].Start - spans[i - 1].End);
            if (mark[i] != 0 && (i == first || mark[i - 1] != mark[i])) result.Append(Highlight.Open);
            result.Append(text, spans[i].Start, spans[i].End - spans[i].Start);
            if (mark[i] != 0 && (i == last || mark[i + 1] != mark[i])) result.Append(Highlight.Close);
        }
        result.Append(last == spans.Count - 1 ? text[spans[last].End..] : Ellipsis);
        return result.ToString();
    }

    /// <summary>Where the window starts: FTS5's choice among a centred window and a sentence's start for each instance.</summary>
    private static int Window(IReadOnlyList<Instance> instances, List<int> sentences, int size)
    {
        if (size <= Words) return 0;
        var (best, bestScore) = (0, 0);
        foreach (var instance in instances)
        {
            var (score, centred) = Score(instances, instance.Start, size);
            if (score > bestScore) (best, bestScore) = (centred, score);
            var sentence = SentenceOf(sentences, instance.Start);
            if (sentence < instance.Start)
            {
                var (sentenceScore, _) = Score(instances, sentence, size);
                sentenceScore += sentence == 0 ? 120 : 100;
                if (sentenceScore > bestScore) (best, bestScore) = (sentence, sentenceScore);
            }
        }
        return best;
    }

    /// <summary>fts5SnippetScore: the score of the window starting at <paramref name="start"/>, and where it starts once its instances are centred.</summary>
    private static (int Score, int Centred) Score(IReadOnlyList<Instance> instances, int start, int size)
    {
        var seen = new HashSet<int>();
        var (score, firstHit, lastHit) = (0, -1, 0);
        // The instances are in order: only those from the window's start on, until its end, count. Found by halving,
        // so a long quote full of one word costs its matches once each, not once per candidate window.
        var (low, high) = (0, instances.Count);
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (instances[middle].Start < start) low = middle + 1; else high = middle;
        }
        for (var i = low; i < instances.Count && instances[i].Start < start + Words; i++)
        {
            var instance = instances[i];
            score += seen.Add(instance.Phrase) ? 1000 : 1;
            if (firstHit < 0) firstHit = instance.Start;
            lastHit = instance.Start + instance.Length;   // the last instance's end, one past it, as FTS5 counts
        }
        var centred = firstHit - (Words - (lastHit - firstHit)) / 2;
        if (centred + Words > size) centred = size - Words;
        return (score, Math.Max(centred, 0));
    }

    /// <summary>The instances of the query's words and phrases in the quote, in the order they stand; excluded words are none.</summary>
    private static List<Instance> InstancesOf(string[] words, SearchQuery query)
    {
        var instances = new List<Instance>();
        var phrases = Wanted(query).ToList();
        for (var phrase = 0; phrase < phrases.Count; phrase++)
        {
            var (tokens, prefix) = phrases[phrase];
            var wanted = tokens.Select(Loose).ToArray();
            for (var i = 0; i + wanted.Length <= words.Length; i++)
            {
                var all = true;
                for (var j = 0; j < wanted.Length && all; j++)
                    all = prefix && j == wanted.Length - 1 ? words[i + j].StartsWith(wanted[j], StringComparison.Ordinal) : words[i + j] == wanted[j];
                if (all) instances.Add(new Instance(phrase, i, wanted.Length));
            }
        }
        return instances.OrderBy(i => i.Start).ThenBy(i => i.Phrase).ToList();
    }

    /// <summary>The start of the sentence holding word <paramref name="word"/>: the last sentence start at or before it.</summary>
    private static int SentenceOf(List<int> sentences, int word)
    {
        var index = sentences.BinarySearch(word);
        return index >= 0 ? sentences[index] : sentences[~index - 1];
    }

    /// <summary>FTS5's sentence starts: the first word, and each word after a "." or ":" followed by white space.</summary>
    private static List<int> SentenceStarts(string text, IReadOnlyList<(int Start, int End, string Word)> spans)
    {
        var starts = new List<int> { 0 };
        for (var i = 1; i < spans.Count; i++)
        {
            var k = spans[i].Start - 1;
            while (k >= 0 && text[k] is ' ' or '\t' or '\n' or '\r') k--;
            if (k != spans[i].Start - 1 && k >= 0 && text[k] is '.' or ':') starts.Add(i);
        }
        return starts;
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
