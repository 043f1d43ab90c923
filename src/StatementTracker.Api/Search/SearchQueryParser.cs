using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace StatementTracker.Api.Search;

/// <summary>Why a query was refused, and where: <paramref name="Position"/> counts characters from 1 as a reader does
/// (an emoji is one), and is null when the fault is the query as a whole (empty, nothing to find).</summary>
public sealed record SearchQueryError(string Message, int? Position);

/// <summary>
/// Reads the search language of <c>q=</c>. Any string is either a query or an error that says what is wrong and where;
/// parsing never throws.
/// <code>
/// query       = alternative { "OR" alternative } ;        (* OR binds looser than words side by side *)
/// alternative = item { item } ;                           (* at least one item that is not excluded *)
/// item        = [ "-" ] ( word | phrase ) ;               (* "-" only at the start of an item *)
/// phrase      = '"' { any character but '"' } '"' [ "*" ] ;
/// word        = { any character but white space or '"' } ; (* not "OR", "AND" or "NOT" in capitals *)
/// </code>
/// A word ending in <c>*</c> is a prefix. Words and phrases are split into tokens by <see cref="SearchTokens"/>; a word
/// made only of punctuation (<c>&amp;</c>, <c>(</c>, an emoji) is dropped, and a word of two tokens or more
/// (<c>U.S.</c>, <c>e-mail</c>, <c>quote:russia</c>) is a phrase, as the index stores it. There are no parentheses.
/// </summary>
/// <remarks>
/// <c>a b OR c</c> means <c>(a b) OR c</c>, as in most search engines: OR separates whole alternatives. <c>OR</c> is an
/// operator only in capitals; <c>or</c> is a word. Capital <c>AND</c> is accepted and does nothing, since words side by
/// side must all match already. Capital <c>NOT</c> is refused rather than searched for as a word, because
/// <c>trump NOT russia</c> would then find the opposite of what was meant; the error says to write <c>-russia</c>.
/// </remarks>
public static class SearchQueryParser
{
    /// <summary>Characters in a query: a search, not a document to paste.</summary>
    public const int MaxLength = 500;

    /// <summary>Words and phrases in a query, excluded ones included: each is a lookup in the index.</summary>
    public const int MaxTerms = 32;

    /// <summary>Letters or digits before a <c>*</c>: <c>a*</c> would match nearly every statement.</summary>
    public const int MinPrefixLength = 2;

    /// <summary>The query <paramref name="input"/> asks for, or why it cannot be one. Never throws.</summary>
    public static bool TryParse(string? input, [NotNullWhen(true)] out SearchQuery? query, [NotNullWhen(false)] out SearchQueryError? error)
    {
        query = null;
        error = Refusal(input) ?? new Reader(input!).Read(out query);
        return error is null;
    }

    /// <summary>What is wrong with the query as a whole, before reading it: nothing there, too long, or not valid Unicode.</summary>
    private static SearchQueryError? Refusal(string? input)
    {
        if (input is null || input.All(c => char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format))
            return new("The query is empty: type a word or \"a phrase\" to search for.", null);
        var length = Characters(input, input.Length);
        if (length > MaxLength)
            return new($"The query has {length} characters; at most {MaxLength} are allowed.", MaxLength + 1);
        for (var i = 0; i < input.Length; i++)
        {
            if (char.IsHighSurrogate(input[i]) && i + 1 < input.Length && char.IsLowSurrogate(input[i + 1])) i++;
            else if (char.IsSurrogate(input[i]))
            {
                var position = Characters(input, i) + 1;
                return new($"The character at {position} is half of a surrogate pair, not a character; send the query as valid Unicode.", position);
            }
        }
        return null;
    }

    /// <summary>Characters (Unicode scalar values; an unpaired surrogate counts as one) in <c>text[..end]</c>.</summary>
    private static int Characters(string text, int end)
    {
        var count = 0;
        for (var i = 0; i < end; i++, count++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < end && char.IsLowSurrogate(text[i + 1])) i++;
        }
        return count;
    }

    /// <summary>One pass over the text, item by item; the first fault found is the answer.</summary>
    private sealed class Reader(string input)
    {
        private const string Example = "as in trump OR putin";
        private readonly List<List<SearchQuery>> _alternatives = [[]];
        private readonly List<int> _alternativeStarts = [0];
        private int? _lastOr;
        private int _terms;
        private int _i;

        public SearchQueryError? Read(out SearchQuery? query)
        {
            query = null;
            while (Skip())
            {
                var error = ReadItem();
                if (error is not null) return error;
            }
            if (_alternatives[^1].Count == 0 && _lastOr is { } or)
                return At(or, p => $"'OR' at character {p} has nothing after it: write it between two words or phrases, {Example}.");
            if (_alternatives.Count == 1 && _alternatives[0].Count == 0)
                return new("Nothing to search for: the query has no word or phrase with letters or digits in it.", null);
            for (var a = 0; a < _alternatives.Count; a++)
            {
                if (_alternatives[a].Any(item => item is not SearchQuery.Not)) continue;
                return _alternatives.Count == 1
                    ? new("Nothing to search for: the query only excludes words; add a word or \"phrase\" to find, as in cyber -russia.", null)
                    : At(_alternativeStarts[a], p => $"The alternative at character {p} only excludes words; each side of 'OR' needs a word or \"phrase\" to find.");
            }
            var alternatives = _alternatives.Select(items => items.Count == 1 ? items[0] : new SearchQuery.And(items)).ToList();
            query = alternatives.Count == 1 ? alternatives[0] : new SearchQuery.Or(alternatives);
            return null;
        }

        /// <summary>Skips white space; false at the end.</summary>
        private bool Skip()
        {
            while (_i < input.Length && char.IsWhiteSpace(input[_i])) _i++;
            return _i < input.Length;
        }

        private SearchQueryError? ReadItem()
        {
            var start = _i;
            var excluded = input[_i] == '-';
            if (excluded && (++_i == input.Length || char.IsWhiteSpace(input[_i]))) return LoneMinus(start);
            return input[_i] == '"' ? ReadPhrase(start, excluded) : ReadWord(start, excluded);
        }

        private SearchQueryError? ReadPhrase(int start, bool excluded)
        {
            var open = _i;
            var close = input.IndexOf('"', open + 1);
            if (close < 0) return At(open, p => $"The quote at character {p} is never closed; end the phrase with another \".");
            _i = close + 1;
            var prefix = ReadStars();
            var tokens = SearchTokens.Of(input[(open + 1)..close]);
            if (tokens.Count == 0) return At(open, p => $"The phrase at character {p} has no words in it; put letters or digits between the quotes.");
            return Add(tokens, prefix, excluded, start, open);
        }

        private SearchQueryError? ReadWord(int start, bool excluded)
        {
            var from = _i;
            while (_i < input.Length && !char.IsWhiteSpace(input[_i]) && input[_i] != '"') _i++;
            var word = input[from.._i];
            if (!excluded && word == "OR") return Or(from);
            if (!excluded && word == "AND") return null;
            if (!excluded && word == "NOT")
                return At(from, p => $"'NOT' at character {p} is not an operator here: put '-' before a word to exclude it (-russia), or write not in lower case to search for the word.");
            var stem = word.TrimEnd('*');
            var prefix = stem.Length < word.Length;
            var tokens = SearchTokens.Of(stem);
            if (tokens.Count > 0) return Add(tokens, prefix, excluded, start, from);
            if (excluded) return LoneMinus(start);
            if (prefix) return At(from + stem.Length, p => $"The '*' at character {p} must end a word, as in cyber*.");
            return null; // punctuation only: nothing the index stores, so nothing to look for
        }

        private bool ReadStars()
        {
            var from = _i;
            while (_i < input.Length && input[_i] == '*') _i++;
            return _i > from;
        }

        private SearchQueryError? Or(int at)
        {
            if (_alternatives[^1].Count > 0)
            {
                _lastOr = at;
                _alternatives.Add([]);
                _alternativeStarts.Add(-1);
                return null;
            }
            return _lastOr is { } previous
                ? At(at, p => $"'OR' at character {p} has no word or phrase between it and the 'OR' at character {Characters(input, previous) + 1}.")
                : At(at, p => $"'OR' at character {p} has nothing before it: write it between two words or phrases, {Example}.");
        }

        private SearchQueryError? Add(IReadOnlyList<string> tokens, bool prefix, bool excluded, int start, int textStart)
        {
            if (prefix && Characters(tokens[^1], tokens[^1].Length) < MinPrefixLength)
                return At(textStart, p => $"The prefix '{tokens[^1]}*' at character {p} is too short: put at least {MinPrefixLength} letters or digits before '*'.");
            if (++_terms > MaxTerms)
                return At(start, p => $"The query has more than {MaxTerms} words and phrases; the one at character {p} is one too many.");
            SearchQuery item = tokens.Count == 1 ? new SearchQuery.Term(tokens[0], prefix) : new SearchQuery.Phrase(tokens, prefix);
            if (_alternatives[^1].Count == 0) _alternativeStarts[^1] = start;
            _alternatives[^1].Add(excluded ? new SearchQuery.Not(item) : item);
            return null;
        }

        private SearchQueryError LoneMinus(int at) =>
            At(at, p => $"The '-' at character {p} must be followed by a word or \"phrase\" to exclude, as in -russia.");

        private SearchQueryError At(int index, Func<int, string> message)
        {
            var position = Characters(input, index) + 1;
            return new(message(position), position);
        }
    }
}
