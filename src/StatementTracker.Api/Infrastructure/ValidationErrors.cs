using System.Globalization;

namespace StatementTracker.Api.Infrastructure;

/// <summary>
/// Collects field errors for one request, keyed by the field's JSON path ("sources[0].url"), and the rules that
/// text fields share. A request is refused with every error found, not just the first.
/// </summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
    }

    public IDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    /// <summary>
    /// A required text: present, not blank, within its length, free of control characters (tabs and line breaks
    /// too, unless <paramref name="multiline"/>). Returns it trimmed.
    /// </summary>
    public string? RequiredText(string field, string? value, int maxLength, bool multiline = false)
    {
        if (IsBlank(value)) { Add(field, $"{field} is required and must not be blank."); return null; }
        return OptionalText(field, value, maxLength, multiline);
    }

    /// <summary>An optional text: null or blank become null; otherwise the same rules as a required one.</summary>
    public string? OptionalText(string field, string? value, int maxLength, bool multiline = false)
    {
        if (IsBlank(value)) return null;
        var text = value.Trim();
        var length = CountCharacters(text);
        if (length > maxLength) { Add(field, $"{field} must be at most {maxLength} characters; it has {length}."); return null; }
        if (HasForbiddenCharacters(text, multiline)) { Add(field, $"{field} must not contain control characters{(multiline ? " other than tab and line breaks" : ", bidirectional overrides")} or unpaired surrogates."); return null; }
        return text;
    }

    /// <summary>Characters as a reader counts them: Unicode scalar values, so an emoji is one, not two.</summary>
    public static int CountCharacters(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes()) count++;
        return count;
    }

    /// <summary>Nothing a reader would see: empty, white space, or only invisible format characters (zero-width space...).</summary>
    private static bool IsBlank([System.Diagnostics.CodeAnalysis.NotNullWhen(false)] string? value) =>
        value is null || value.All(c => char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format);

    /// <summary>
    /// Control characters never belong in text; bidirectional overrides and isolates (U+202A-202E, U+2066-2069) can make
    /// a one-line value such as a name display as something else, so only multi-line text (quotes, in any script) keeps them.
    /// </summary>
    private static bool HasForbiddenCharacters(string text, bool multiline)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
                return true;
            }
            if (char.IsLowSurrogate(c)) return true;
            if (!multiline && c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069') return true;
            if (multiline && c is '\t' or '\n' or '\r') continue;
            if (char.GetUnicodeCategory(c) == UnicodeCategory.Control) return true;
        }
        return false;
    }
}
