using StatementTracker.Api.Statements;

namespace StatementTracker.Api.Pages;

/// <summary>
/// What a journalist copies from a permalink: a citation line in plain text and the HTML that embeds the statement
/// in an article. Both name the page by its absolute URL, since they are pasted elsewhere.
/// </summary>
public static class Citation
{
    /// <summary>
    /// "Donald J. Trump, tweet, 9 July 2017, 07:50 (UTC−04:00), Twitter (@realDonaldTrump): “Putin &amp; I …”.
    /// StatementTracker, https://…/statements/st_… (revision 1)." A paraphrase is said to be one and is not quoted.
    /// </summary>
    public static string Of(Statement statement, string origin)
    {
        var where = statement.Venue is null ? "" : $", {statement.Venue}";
        var words = statement.Wording == "paraphrase"
            ? $"paraphrased by a fact-checker, not a quotation: {statement.Quote}"
            : $"“{statement.Quote}”";
        var retracted = statement.Retracted is null ? "" : " Retracted.";
        return $"{statement.Person.Name}, {Display.Words(statement.Medium)}, {Display.When(statement.SaidAt)}{where}: {words}. " +
               $"StatementTracker, {origin}{statement.Page} (revision {statement.Revision}).{retracted}";
    }

    /// <summary>The iframe that shows the statement's embed page; its title names it for screen readers.</summary>
    public static string Embed(Statement statement, string origin)
    {
        var title = System.Net.WebUtility.HtmlEncode($"Statement by {statement.Person.Name}, {Display.When(statement.SaidAt)}");
        return $"<iframe src=\"{origin}{PagePaths.Embed(statement.Id)}\" title=\"{title}\" width=\"100%\" height=\"320\" loading=\"lazy\"></iframe>";
    }
}
