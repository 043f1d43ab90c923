using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace StatementTracker.Api.Infrastructure;

/// <summary>URL slugs (ASCII, lower case, hyphens) and the folded text that name searches compare.</summary>
public static partial class Slug
{
    public const int MaxLength = 80;
    public const string Rule = "lower-case ASCII letters and digits in words joined by single hyphens, at most 80 characters";

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Valid();

    public static bool IsValid(string slug) => slug.Length <= MaxLength && Valid().IsMatch(slug);

    /// <summary>The slug a request asks for, or one made from its name; null (and an error on "slug") when neither works.</summary>
    public static string? Resolve(string? requested, string? name, ValidationErrors errors)
    {
        if (requested is not null)
        {
            var slug = requested.Trim();
            if (IsValid(slug)) return slug;
            errors.Add("slug", $"slug must be {Rule}.");
            return null;
        }
        if (name is null) return null;
        var made = From(name);
        if (made.Length > 0) return made;
        errors.Add("slug", "no slug can be made from this name; give one explicitly.");
        return null;
    }

    /// <summary>A LIKE pattern matching folded text that contains <paramref name="query"/>; its own % and _ match themselves.</summary>
    public static string? ContainsPattern(string? query) =>
        query is null ? null : "%" + Fold(query).Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";

    /// <summary>"Donald J. Trump" → "donald-j-trump"; "Владимир Путин" → "vladimir-putin"; "Lech Wałęsa" → "lech-walesa". Empty when nothing is left.</summary>
    public static string From(string text)
    {
        var ascii = new StringBuilder(text.Length);
        foreach (var c in Fold(text))
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') ascii.Append(c);
            else if (Transliteration.TryGetValue(c, out var latin)) ascii.Append(latin);
            else if (c is '\'' or '’') continue; // O'Rourke → orourke, not o-rourke
            else ascii.Append('-');
        }
        var slug = Hyphens().Replace(ascii.ToString(), "-").Trim('-');
        if (slug.Length > MaxLength) slug = slug[..MaxLength].TrimEnd('-');
        return slug;
    }

    /// <summary>Lower case with accents removed, for accent- and case-blind matching ("Sánchez" finds "sanchez").</summary>
    public static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) folded.Append(c);
        }
        return folded.ToString().Normalize(NormalizationForm.FormC).ToLowerInvariant();
    }

    [GeneratedRegex("-{2,}")]
    private static partial Regex Hyphens();

    /// <summary>Letters that neither are ASCII nor lose an accent to become ASCII: Cyrillic, Greek, and some Latin ones.</summary>
    private static readonly Dictionary<char, string> Transliteration = new()
    {
        ['ß'] = "ss", ['ø'] = "o", ['ł'] = "l", ['æ'] = "ae", ['œ'] = "oe", ['đ'] = "d", ['ð'] = "d", ['þ'] = "th", ['ı'] = "i",
        ['α'] = "a", ['β'] = "v", ['γ'] = "g", ['δ'] = "d", ['ε'] = "e", ['ζ'] = "z", ['η'] = "i", ['θ'] = "th",
        ['ι'] = "i", ['κ'] = "k", ['λ'] = "l", ['μ'] = "m", ['ν'] = "n", ['ξ'] = "x", ['ο'] = "o", ['π'] = "p",
        ['ρ'] = "r", ['σ'] = "s", ['ς'] = "s", ['τ'] = "t", ['υ'] = "y", ['φ'] = "f", ['χ'] = "ch", ['ψ'] = "ps", ['ω'] = "o",
        ['а'] = "a", ['б'] = "b", ['в'] = "v", ['г'] = "g", ['д'] = "d", ['е'] = "e", ['ё'] = "e", ['ж'] = "zh",
        ['з'] = "z", ['и'] = "i", ['й'] = "y", ['к'] = "k", ['л'] = "l", ['м'] = "m", ['н'] = "n", ['о'] = "o",
        ['п'] = "p", ['р'] = "r", ['с'] = "s", ['т'] = "t", ['у'] = "u", ['ф'] = "f", ['х'] = "kh", ['ц'] = "ts",
        ['ч'] = "ch", ['ш'] = "sh", ['щ'] = "shch", ['ъ'] = "", ['ы'] = "y", ['ь'] = "", ['э'] = "e", ['ю'] = "yu",
        ['я'] = "ya", ['і'] = "i", ['ї'] = "yi", ['є'] = "ye", ['ґ'] = "g",
    };
}
