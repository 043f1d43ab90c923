using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;

namespace StatementTracker.Api.Pages;

/// <summary>
/// JSON-LD in a &lt;script type="application/ld+json"&gt; block. Inside a script element the HTML parser reads
/// nothing until "&lt;/script", and decodes no entities, so Razor's escaping would corrupt the JSON and is not
/// what keeps it safe. What does: the JSON is written with every &lt; (and &gt;, &amp;, quotes) as a \u escape, so
/// no text of the record, whatever it holds, can end the element early or open a comment. The block is data, not
/// script: the Content-Security-Policy does not apply to it, and no browser runs it.
/// </summary>
public static class JsonLd
{
    // Not the relaxed encoder: this one always escapes the characters that matter in HTML, and lets letters through.
    private static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        WriteIndented = false,
    };

    public static string Serialize(JsonNode node)
    {
        var json = node.ToJsonString(Options);
        // The encoder guarantees this; a page must never depend on a guarantee it cannot see.
        if (json.Contains('<') || json.Contains('>'))
            throw new InvalidOperationException("JSON-LD must not contain < or > unescaped.");
        return json;
    }

    /// <summary>The script element with the JSON inside it as it is (see the class's remarks for why that is safe).</summary>
    public static RenderFragment Block(JsonNode node) => builder =>
        builder.AddMarkupContent(0, $"<script type=\"application/ld+json\">{Serialize(node)}</script>");
}
