using System.Net;
using Microsoft.AspNetCore.Components;

namespace StatementTracker.Api.Pages;

/// <summary>
/// The one place a page shows text from the record as markup: a search hit's highlight. It is safe because of how it
/// is made (Search/Highlight.cs): the index wraps matched words in two control characters that a quote can never
/// contain (validation refuses control characters), every other character is HTML-encoded, and only then do those two
/// become &lt;mark&gt; and &lt;/mark&gt;. So the string holds encoded text and mark tags, nothing else. This checks that
/// once more before trusting it: anything else that looks like a tag means it did not come from there, and it is shown
/// as text instead.
/// </summary>
public static class SafeHighlight
{
    public static bool IsSafe(string highlight)
    {
        var rest = highlight.Replace("<mark>", "", StringComparison.Ordinal).Replace("</mark>", "", StringComparison.Ordinal);
        return rest.IndexOfAny(['<', '>']) < 0;
    }

    public static RenderFragment Render(string highlight) => builder =>
    {
        if (IsSafe(highlight)) builder.AddMarkupContent(0, highlight);
        else builder.AddContent(1, WebUtility.HtmlDecode(highlight));
    };
}
