using System.Net;
using System.Text;

namespace StatementTracker.Api.Search;

/// <summary>
/// A search hit's highlight as HTML-safe text: everything the speaker said is escaped, and only the matched words
/// are wrapped in &lt;mark&gt;, so a page can show it as it is and a quote can never inject markup.
/// </summary>
public static class Highlight
{
    // Control characters: a quote may never hold them (validation refuses them), so only the index can put them there.
    public const char Open = '\u0001';
    public const char Close = '\u0002';

    public static string ToSafeMarkup(string snippet)
    {
        var result = new StringBuilder(snippet.Length + 16);
        var plain = new StringBuilder();
        foreach (var c in snippet)
        {
            if (c is not (Open or Close)) { plain.Append(c); continue; }
            result.Append(WebUtility.HtmlEncode(plain.ToString()));
            plain.Clear();
            result.Append(c == Open ? "<mark>" : "</mark>");
        }
        return result.Append(WebUtility.HtmlEncode(plain.ToString())).ToString();
    }
}
