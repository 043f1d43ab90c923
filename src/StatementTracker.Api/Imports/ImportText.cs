using System.Text;
using StatementTracker.Api.Infrastructure;

namespace StatementTracker.Api.Imports;

/// <summary>
/// Text from datasets as the API stores it: scrapers leave non-breaking spaces, runs of spaces where links were
/// removed, and three kinds of line break. Quotes, apostrophes and dashes stay as written: they are the speaker's.
/// </summary>
internal static class ImportText
{
    /// <summary>
    /// Line breaks (\r\n, \r) become \n; every other kind of white space a plain space; runs of spaces become one;
    /// each line and the whole are trimmed.
    /// </summary>
    public static string Normalize(string text)
    {
        var result = new StringBuilder(text.Length);
        var lineStart = 0;
        var space = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                result.Append('\n');
                lineStart = result.Length;
                space = false;
            }
            else if (char.IsWhiteSpace(c)) space = result.Length > lineStart;
            else
            {
                if (space) result.Append(' ');
                space = false;
                result.Append(c);
            }
        }
        return result.ToString().Trim('\n');
    }

    /// <summary>Normalized and on one line, for names, dates and venues, which may not hold line breaks.</summary>
    public static string OneLine(string text) => Normalize(text).Replace('\n', ' ');

    /// <summary>
    /// The text if it has at most <paramref name="max"/> characters (as <see cref="ValidationErrors.CountCharacters"/>
    /// counts them); otherwise its start cut at a word, with "…" so that the whole still fits.
    /// </summary>
    public static string CutAtWord(string text, int max)
    {
        if (ValidationErrors.CountCharacters(text) <= max) return text;
        var end = 0;
        var kept = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (kept == max - 1) break;
            end += rune.Utf16SequenceLength;
            kept++;
        }
        var cut = text[..end];
        var wordEnds = char.IsWhiteSpace(text[end]);
        var lastSpace = cut.LastIndexOfAny([' ', '\n']);
        if (!wordEnds && lastSpace > cut.Length / 2) cut = cut[..lastSpace];
        return cut.TrimEnd(' ', '\n', ',', ';', ':') + "…";
    }
}
