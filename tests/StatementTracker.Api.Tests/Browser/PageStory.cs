using System.Net;

namespace StatementTracker.Api.Tests.Browser;

/// <summary>
/// What the browser tests open: the demo story (Trump's two July 2017 tweets and the reversal between them) plus,
/// recorded through the API as anyone would, what else a page must show well: a fact-check on the first tweet, a
/// quote written right to left, a retracted statement and a corrected one.
/// </summary>
/// <param name="Proposal">Trump's tweet of 9 July 2017, 07:50: the "impenetrable Cyber Security unit".</param>
/// <param name="Reversal">His tweet of 20:45 the same day, which reverses it.</param>
public sealed record PageStory(string Proposal, string Reversal, string RightToLeft, string Retracted, string Corrected)
{
    public const string Person = "/people/donald-j-trump";

    /// <summary>Every page the tests open by name: its path, and the status it is served with.</summary>
    public IReadOnlyDictionary<string, (string Path, HttpStatusCode Status)> Pages => new Dictionary<string, (string, HttpStatusCode)>
    {
        ["home"] = ("/", HttpStatusCode.OK),
        ["person"] = (Person, HttpStatusCode.OK),
        ["statement"] = ($"/statements/{Proposal}", HttpStatusCode.OK),
        ["embed"] = ($"/statements/{Proposal}/embed", HttpStatusCode.OK),
        ["reversals"] = ("/reversals", HttpStatusCode.OK),
        ["search"] = ("/search?q=cyber", HttpStatusCode.OK),
        ["statement-rtl"] = ($"/statements/{RightToLeft}", HttpStatusCode.OK),
        ["statement-retracted"] = ($"/statements/{Retracted}", HttpStatusCode.OK),
        ["statement-corrected"] = ($"/statements/{Corrected}", HttpStatusCode.OK),
        ["not-found"] = ("/statements/st_nothing_here", HttpStatusCode.NotFound),
        ["search-unreadable"] = ("/search?q=%22unbalanced", HttpStatusCode.BadRequest),
    };

    /// <summary>The names of <see cref="Pages"/>, for theories (which need their data before the story exists).</summary>
    public static readonly IReadOnlyList<string> PageNames =
        ["home", "person", "statement", "embed", "reversals", "search", "statement-rtl", "statement-retracted", "statement-corrected", "not-found",
         "search-unreadable"];

    public static async Task<PageStory> RecordAsync(HttpClient client)
    {
        var trump = await client.AllPagesAsync("/v1/people/donald-j-trump/timeline", limit: 100);
        string Tweet(string words) => trump.Single(s => s.Str("quote").Contains(words, StringComparison.Ordinal)).Id();
        var proposal = Tweet("impenetrable Cyber Security unit");
        var reversal = Tweet("doesn't mean I think it can happen");

        await client.PostJsonAsync($"/v1/statements/{proposal}/reviews", new
        {
            publisher = new { name = "Example Fact Check", url = "https://factcheck.example.org" },
            rating = "Misleading", reviewedAt = "2017-07-11", url = "https://factcheck.example.org/2017/07/cyber-unit",
        });

        await client.CreatePersonAsync("Example Speaker", "example-speaker");
        var rightToLeft = await client.PostJsonAsync("/v1/statements", new
        {
            person = "example-speaker", quote = "سنعمل معًا من أجل أمن الإنترنت.", saidAt = "2017-07-10", medium = "interview", language = "ar",
            venue = "Example Radio", sources = new[] { new { url = "https://radio.example.org/2017/07/10" } },
        });
        var retracted = await client.CreateStatementAsync("example-speaker", "2017-07-11", quote: "A statement recorded twice by mistake.");
        Assert.True((await client.RetractAsync($"/v1/statements/{retracted.Id()}", "Recorded twice by mistake.")).IsSuccessStatusCode);
        var corrected = await client.CreateStatementAsync("example-speaker", "2017-07-12", quote: "We will talk about it next week.");
        var patched = await client.PatchJsonAsync($"/v1/statements/{corrected.Id()}?reason=Venue+added", """{"venue": "Example Radio, morning show"}""");
        Assert.True(patched.IsSuccessStatusCode, $"PATCH answered {(int)patched.StatusCode}");

        return new PageStory(proposal, reversal, rightToLeft.Id(), retracted.Id(), corrected.Id());
    }
}
