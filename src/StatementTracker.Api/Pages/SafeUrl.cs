namespace StatementTracker.Api.Pages;

/// <summary>
/// The URLs the record holds (sources, archives, fact-check articles, publishers) are checked to be absolute http(s)
/// when written. A page checks again before it puts one in an href: escaping keeps a value inside its attribute, but
/// only this keeps a javascript: or data: URL out of a link someone may click.
/// </summary>
public static class SafeUrl
{
    /// <summary>The URL when it is absolute http or https; null otherwise (show it as text, not as a link).</summary>
    public static string? Http(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? url : null;

    /// <summary>What to call a link without a title: its host, without "www.".</summary>
    public static string Host(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? (uri.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? uri.Host[4..] : uri.Host) : url;
}
