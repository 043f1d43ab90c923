namespace StatementTracker.Api.Pages;

/// <summary>
/// Which way a quote's script runs, from its BCP 47 language tag: right to left for the languages written in Arabic,
/// Hebrew, Syriac, Thaana, N'Ko or Adlam script, unless the tag names another script (az-Latn, ku-Latn); and for any
/// language whose tag names one of those scripts (az-Arab, pa-Arab). The browser needs it on the blockquote: without
/// dir="rtl", punctuation at the ends of a right-to-left quote lands on the wrong side.
/// </summary>
public static class TextDirection
{
    private static readonly HashSet<string> RightToLeftLanguages = new(StringComparer.OrdinalIgnoreCase)
    {
        "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ji", "ks", "ku", "mzn", "nqo", "pnb", "ps", "sd", "syr", "ug", "ur", "yi",
    };

    private static readonly HashSet<string> RightToLeftScripts = new(StringComparer.OrdinalIgnoreCase)
    {
        "Adlm", "Arab", "Aran", "Hebr", "Mand", "Nkoo", "Rohg", "Samr", "Syrc", "Thaa",
    };

    /// <summary>"rtl" or "ltr".</summary>
    public static string Of(string? language)
    {
        if (string.IsNullOrWhiteSpace(language)) return "ltr";
        var subtags = language.Split('-', '_');
        // A script subtag is the four-letter one after the language (and any extended language subtags).
        var script = subtags.Skip(1).TakeWhile(s => s.Length != 2 && !(s.Length == 3 && s.All(char.IsDigit)))
            .FirstOrDefault(s => s.Length == 4 && s.All(char.IsAsciiLetter));
        if (script is not null) return RightToLeftScripts.Contains(script) ? "rtl" : "ltr";
        return RightToLeftLanguages.Contains(subtags[0]) ? "rtl" : "ltr";
    }
}
