namespace StatementTracker.Api.Tests.Pages;

public class PageWeightTests
{
    [Fact]
    public async Task PagesOfTheLargestStatementsTheApiAcceptsStayUnder100KB()
    {
        await using var app = new StatementTrackerApplication();
        var editor = app.CreateClient();
        await editor.CreatePersonAsync("Long Winded", "long-winded");
        var topics = Enumerable.Range(0, 20).Select(i => $"topic-{i}").ToList();
        foreach (var topic in topics) await editor.PostJsonAsync("/v1/topics", new { name = $"Topic {topic}", slug = topic });
        var words = string.Join(' ', Enumerable.Repeat("filibuster", 1000))[..9_990];
        for (var i = 0; i < 21; i++)
        {
            await editor.PostJsonAsync("/v1/statements", new
            {
                person = "long-winded", quote = $"{i} cyber {words}", saidAt = $"2020-01-{i + 1:D2}", medium = "speech",
                venue = new string('v', 300), summary = new string('s', 2000),
                sources = Enumerable.Range(0, 20).Select(s => new { url = $"https://example.org/{i}/{s}", title = new string('t', 500), publisher = new string('p', 200) }),
                positions = topics.Select((t, n) => new { topic = t, stance = (i + n) % 2 == 0 ? "supports" : "opposes" }),
            });
        }
        var reader = app.CreateAnonymousClient();

        foreach (var url in new[] { "/people/long-winded", "/people/long-winded?order=desc", "/search?q=cyber", "/", "/reversals" })
        {
            var (_, html, _) = await reader.GetPageAsync(url);
            Assert.True(System.Text.Encoding.UTF8.GetByteCount(html) < 100 * 1024, $"{url} weighs {System.Text.Encoding.UTF8.GetByteCount(html)} bytes");
        }
    }
}
