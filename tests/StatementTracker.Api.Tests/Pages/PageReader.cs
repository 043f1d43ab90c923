using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace StatementTracker.Api.Tests.Pages;

/// <summary>Reads a page the way a browser would see its markup: parsed into a DOM, so tests ask about elements, not strings.</summary>
public static class PageReader
{
    private static readonly HtmlParser Parser = new();

    public static IDocument Parse(string html) => Parser.ParseDocument(html);

    /// <summary>GETs a page, checks its status and that it is HTML, and returns the parsed document with its raw text.</summary>
    public static async Task<(IDocument Page, string Html, HttpResponseMessage Response)> GetPageAsync(this HttpClient client, string url,
        HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {url}: expected {(int)expected} but got {(int)response.StatusCode}: {html[..Math.Min(html.Length, 2000)]}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return (Parse(html), html, response);
    }

    public static string Text(this IElement? element) => element?.TextContent.Trim() ?? "";

    /// <summary>Text with runs of white space made one space, as a reader sees it.</summary>
    public static string Flat(this IElement? element) => string.Join(' ', element.Text().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
