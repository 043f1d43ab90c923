namespace StatementTracker.Api.Pages;

/// <summary>Where each page lives, in one place: the pages link to each other and the API's records name them.</summary>
public static class PagePaths
{
    public static string Person(string slug) => $"/people/{Uri.EscapeDataString(slug)}";

    public static string Statement(string id) => $"/statements/{Uri.EscapeDataString(id)}";

    public static string Embed(string id) => $"{Statement(id)}/embed";
}
