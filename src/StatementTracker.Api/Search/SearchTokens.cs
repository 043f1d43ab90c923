using System.Globalization;
using System.Text;

namespace StatementTracker.Api.Search;

/// <summary>
/// Splits text into the words a search compares, the way SQLite FTS5's <c>unicode61 remove_diacritics 2</c> tokenizer
/// splits the statements it indexes, so that a query's words are the index's words:
/// <list type="bullet">
/// <item>The text is composed first (Unicode NFC), as statements are stored.</item>
/// <item>A word is a run of letters, numbers and private-use characters (FTS5's categories <c>L* N* Co</c>); anything
/// else separates words: spaces, punctuation (<c>U.S.</c> is "u s", <c>don't</c> is "don t"), symbols and emoji,
/// format characters such as the zero-width joiner, and combining marks other than the accents below.</item>
/// <item>Words are lower-cased (invariant culture), and accented Latin letters lose their accents (<c>México</c> is
/// "mexico"), as FTS5 folds them. Greek and Cyrillic letters keep theirs (<c>Сергей</c> stays "сергей") because FTS5
/// keeps them: folding <c>й</c> to <c>и</c> here would miss every indexed <c>й</c>.</item>
/// <item>The combining accents FTS5 treats as diacritics (U+0300-U+0331, its list) are dropped wherever they stand.</item>
/// </list>
/// FTS5 reads character classes from Unicode 6.1 tables and .NET from a newer Unicode, so characters added since
/// (🙂, some Latin and Cyrillic letters) may be split or case-folded differently; nothing else is known to differ.
/// </summary>
public static class SearchTokens
{
    /// <summary>The words of <paramref name="text"/>, in order; empty when it has no letters or digits.</summary>
    public static IReadOnlyList<string> Of(string text)
    {
        var tokens = new List<string>();
        var token = new StringBuilder();
        foreach (var rune in Composed(text).EnumerateRunes())
        {
            if (IsWordCharacter(rune)) AppendFolded(token, rune);
            else if (IsFts5Diacritic(rune.Value)) continue;
            else if (token.Length > 0) { tokens.Add(token.ToString()); token.Clear(); }
        }
        if (token.Length > 0) tokens.Add(token.ToString());
        return tokens;
    }

    /// <summary>
    /// The words of <paramref name="text"/> with where each stands in <see cref="Composed"/>(text), which is the text
    /// itself for a stored quote (quotes are stored composed): for cutting highlights around the words that matched.
    /// </summary>
    public static IReadOnlyList<(int Start, int End, string Word)> Spans(string text)
    {
        var spans = new List<(int, int, string)>();
        var token = new StringBuilder();
        var start = -1;
        var end = 0;
        var position = 0;
        foreach (var rune in Composed(text).EnumerateRunes())
        {
            if (IsWordCharacter(rune))
            {
                if (start < 0) start = position;
                AppendFolded(token, rune);
                end = position + rune.Utf16SequenceLength;
            }
            else if (!IsFts5Diacritic(rune.Value) && token.Length > 0)
            {
                spans.Add((start, end, token.ToString()));
                token.Clear();
                start = -1;
            }
            position += rune.Utf16SequenceLength;
        }
        if (token.Length > 0) spans.Add((start, end, token.ToString()));
        return spans;
    }

    /// <summary>Whether <paramref name="rune"/> belongs inside a word: FTS5's default token categories.</summary>
    public static bool IsWordCharacter(Rune rune) => Rune.GetUnicodeCategory(rune) is
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or
        UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or
        UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber or
        UnicodeCategory.PrivateUse;

    /// <summary>NFC, with unpaired surrogates (which cannot be normalised) turned into spaces first.</summary>
    public static string Composed(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1])) i++;
            else if (char.IsSurrogate(chars[i])) chars[i] = ' ';
        }
        return new string(chars).Normalize(NormalizationForm.FormC);
    }

    private static void AppendFolded(StringBuilder token, Rune rune)
    {
        if (!IsFoldedLatin(rune.Value)) { token.Append(Rune.ToLowerInvariant(rune).ToString()); return; }
        foreach (var c in rune.ToString().Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) token.Append(char.ToLowerInvariant(c));
        }
    }

    /// <summary>
    /// The Latin blocks whose accented letters FTS5 folds to their base letter; it leaves ǡ ǣ ǯ ǽ ǿ (and capitals) whole,
    /// so they stay whole here too.
    /// </summary>
    private static bool IsFoldedLatin(int c) =>
        c is >= 0xC0 and <= 0x24F or >= 0x1E00 and <= 0x1EFF && c is not (>= 0x1E0 and <= 0x1E3 or 0x1EE or 0x1EF or >= 0x1FC and <= 0x1FF);

    /// <summary>FTS5's <c>sqlite3Fts5UnicodeIsdiacritic</c>: the combining accents it drops rather than splitting on.</summary>
    private static bool IsFts5Diacritic(int c) => c switch
    {
        < 0x300 or > 0x331 => false,
        < 0x320 => (0x08029FDFu & (1u << (c - 0x300))) != 0,
        _ => (0x000361F8u & (1u << (c - 0x320))) != 0,
    };
}
