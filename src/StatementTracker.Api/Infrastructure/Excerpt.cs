using System.Text;

namespace StatementTracker.Api.Infrastructure;

public static class Excerpt
{
    public const int Length = 160;

    /// <summary>The start of a quote on one line, cut at a word boundary, with "…" when something was cut.</summary>
    public static string Of(string quote)
    {
        var flat = new StringBuilder(Math.Min(quote.Length, Length * 2));
        var space = false;
        foreach (var c in quote)
        {
            if (char.IsWhiteSpace(c)) { space = flat.Length > 0; continue; }
            if (space) { flat.Append(' '); space = false; }
            flat.Append(c);
            if (flat.Length > Length) break;
        }
        if (flat.Length <= Length) return flat.ToString();
        var cut = flat.ToString(0, Length);
        var lastSpace = cut.LastIndexOf(' ');
        if (lastSpace > Length / 2) cut = cut[..lastSpace];
        if (char.IsHighSurrogate(cut[^1])) cut = cut[..^1];
        return cut.TrimEnd(',', ';', ':', ' ') + "…";
    }
}
