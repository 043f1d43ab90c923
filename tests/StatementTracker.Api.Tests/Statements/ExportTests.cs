using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace StatementTracker.Api.Tests.Statements;

public class ExportTests
{
    [Fact]
    public async Task ACsvExportHoldsTheWholeResultAndParsesBackToTheSameText()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Alexei Pushkov");
        string[] quotes =
        [
            "Trump \"moved back\", under pressure, on the cyber unit.",
            "Line one\r\nline two, with a comma",
            "=HYPERLINK(\"http://evil.example\")",
            "-2+3 and @mention",
            "Трамп отступил под давлением",
            "טראמפ נסוג, אמר הסנטור",
        ];
        for (var i = 0; i < quotes.Length; i++) await client.CreateStatementAsync("alexei-pushkov", $"2017-07-{10 + i}", quote: quotes[i]);

        var response = await client.GetAsync("/v1/statements?format=csv&limit=2");

        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("attachment; filename=\"statements-", response.Content.Headers.ContentDisposition!.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var rows = ParseCsv(Encoding.UTF8.GetString(bytes[3..]));
        Assert.Equal("id", rows[0][0]);
        var quote = Array.IndexOf(rows[0], "quote");
        Assert.Equal(quotes.Length, rows.Count - 1);
        Assert.Equal(quotes[0], rows[1][quote]);
        Assert.Equal(quotes[1], rows[2][quote]);
        Assert.Equal("'" + quotes[2], rows[3][quote]);
        Assert.Equal("'" + quotes[3], rows[4][quote]);
        Assert.Equal(quotes[4], rows[5][quote]);
        Assert.Equal(quotes[5], rows[6][quote]);
    }

    [Fact]
    public async Task AnNdjsonExportIsOneStatementALineAsTheApiShowsIt()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/statements?q=cyber");
        request.Headers.Accept.ParseAdd("application/x-ndjson");

        var response = await client.SendAsync(request);

        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var page = await client.GetJsonAsync("/v1/statements?q=cyber");
        Assert.Equal(page.Ids(), lines.Select(l => JsonNode.Parse(l)!.AsObject().Id()));
        Assert.Equal(page["items"]![0]!.ToJsonString(), JsonNode.Parse(lines[0])!.ToJsonString());
    }

    [Fact]
    public async Task TheTimelineAndTheReversalsFeedExportToo()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateClient();

        var timeline = ParseCsv((await client.GetStringAsync("/v1/people/donald-j-trump/timeline?format=csv")).TrimStart('\uFEFF'));
        var reversals = ParseCsv((await client.GetStringAsync("/v1/reversals?format=csv")).TrimStart('\uFEFF'));

        Assert.Equal(3, timeline.Count);
        Assert.Equal(2, reversals.Count);
        Assert.Equal("full_flop", reversals[1][Array.IndexOf(reversals[0], "flip")]);
        await Problem.AssertFieldAsync(await client.GetAsync("/v1/reversals?format=xml"), HttpStatusCode.BadRequest, "format", "csv");
    }

    /// <summary>A strict RFC 4180 reader: quoted cells may hold commas, quotes (doubled) and line breaks.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(cell.ToString()); cell.Clear();
                rows.Add([.. row]); row.Clear();
                i++;
            }
            else cell.Append(c);
        }
        Assert.False(quoted, "every quote is closed");
        Assert.True(row.Count == 0 && cell.Length == 0, "the file ends with a line break");
        return rows;
    }
}
