namespace StatementTracker.Api.Infrastructure;

/// <summary>
/// Endpoint metadata: this endpoint answers a page for people to read (HTML, or the stylesheet and script that go
/// with it), not the JSON API. Security headers, caching, keys and rate limits look for it, so that a page is treated
/// as the read it is wherever it lives, without each of them knowing the pages' paths.
/// </summary>
/// <param name="Embeddable">The page is made to be framed on other sites (a statement's embed): any ancestor may frame it.</param>
public sealed record HtmlPage(bool Embeddable = false)
{
    /// <summary>Whether the request was routed to a page.</summary>
    public static bool Is(HttpContext context) => Of(context) is not null;

    public static HtmlPage? Of(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<HtmlPage>();
}
