using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace StatementTracker.Api.Tests.Attacks;

/// <summary>
/// Many editors at once on the same records: the write gate and If-Match must turn every race into either a
/// recorded revision or a 412, never a lost update, a 5xx or SQLite's "database is locked".
/// </summary>
public class ConcurrencyTests(ITestOutputHelper output)
{
    private const int Writers = 8;
    private const int SharedStatements = 3;

    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(3 * AttackScale.Factor);

    [Fact]
    public async Task EightWritersEditingTheSameStatementsLoseNoWriteAndNeverMeetABusyDatabase()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        var shared = new List<JsonObject>();
        for (var i = 0; i < SharedStatements; i++)
            shared.Add(await client.CreateStatementAsync("donald-j-trump", $"2017-07-0{i + 1}", quote: $"Shared statement {i}."));
        var tally = new Tally();

        var clock = Stopwatch.StartNew();
        // Seeded per writer so a run's choices can be replayed; the interleaving is the scheduler's.
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(client, w, shared.Select(s => s.Id()).ToList(), tally, clock))));
        var elapsed = clock.Elapsed;

        var revisions = 0;
        foreach (var statement in shared)
        {
            var id = statement.Id();
            var history = await client.AllPagesAsync($"/v1/statements/{id}/revisions", limit: 200);
            var edits = tally.Edits.Where(e => e.Id == id).OrderBy(e => e.Revision).ToList();
            revisions += history.Count;

            // Each 200 is one revision of its own: two successes claiming one revision would be a lost update.
            Assert.True(1 + edits.Count == history.Count, Explain(id, edits, history));
            Assert.Equal(Enumerable.Range(1, history.Count).Select(r => (long)r), history.Select(h => h["revision"]!.GetValue<long>()));
            Assert.Equal(edits.Count, edits.Select(e => e.Revision).Distinct().Count());
            foreach (var edit in edits)
            {
                var entry = history[(int)edit.Revision - 1];
                Assert.Equal("correct", entry.Str("action"));
                Assert.Equal(edit.Value, entry["snapshot"].Str(edit.Field));
            }

            // The statement as served is the last successful write, field by field.
            var final = await client.GetJsonAsync($"/v1/statements/{id}");
            Assert.Equal(history.Count, final["revision"]!.GetValue<long>());
            Assert.Equal(edits.LastOrDefault(e => e.Field == "quote")?.Value ?? statement.Str("quote"), final.Str("quote"));
            Assert.Equal(edits.LastOrDefault(e => e.Field == "summary")?.Value, final["summary"]?.GetValue<string>());
        }
        foreach (var (id, quote) in tally.Created)
            Assert.Equal(quote, (await client.GetJsonAsync($"/v1/statements/{id}")).Str("quote"));

        output.WriteLine($"{AttackScale.Describe()}: {Writers} writers for {elapsed.TotalSeconds:0.0} s on {SharedStatements} shared statements");
        output.WriteLine($"requests {tally.Requests}, 2xx {tally.Successes}, 412 {tally.Stale}, 5xx {tally.ServerErrors}, " +
            $"successful edits {tally.Edits.Count}, revisions {revisions}, statements created {tally.Created.Count}");
        Assert.True(tally.Problems.IsEmpty, string.Join("\n", tally.Problems.Take(20)));
        Assert.Equal(0, tally.ServerErrors);
        Assert.True(tally.Edits.Count > Writers, $"the writers got {tally.Edits.Count} edits through; the test needs races to mean anything");
        Assert.True(tally.Stale > 0, "no PATCH ever lost a race, so If-Match was never put to the test");
    }

    [Theory]
    [InlineData("/v1/people", "Vladimir Putin", "vladimir-putin")]
    [InlineData("/v1/topics", "Cyber security", "cyber-security")]
    public async Task EditorsRacingOnOneRecordEachGetBackWhatTheyWroteUnderTheirOwnRevision(string collection, string name, string slug)
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        (await client.PostAsJsonAsync(collection, new { name })).EnsureSuccessStatusCode();
        var url = $"{collection}/{slug}";
        var answers = new ConcurrentBag<(long Revision, string Sent, string Shown)>();
        var stale = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var n = 0; clock.Elapsed < Duration; n++)
            {
                var read = await client.GetAsync(url);
                var description = $"description from writer {writer}, edit {n}.";
                var request = new HttpRequestMessage(HttpMethod.Patch, url)
                {
                    Content = new StringContent(new JsonObject { ["description"] = description }.ToJsonString(), Encoding.UTF8, "application/merge-patch+json"),
                };
                request.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag?.ToString());
                var response = await client.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.PreconditionFailed) { Interlocked.Increment(ref stale); continue; }
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                answers.Add((body["revision"]!.GetValue<long>(), description, body.Str("description")));
                Assert.Equal($"\"{body["revision"]}\"", response.Headers.ETag?.ToString());
            }
        })));

        // An answer read after its commit could show a later editor's write, and hand this editor that write's ETag.
        Assert.All(answers, a => Assert.Equal(a.Sent, a.Shown));
        Assert.Equal(answers.Count, answers.Select(a => a.Revision).Distinct().Count());
        Assert.True(stale > 0, "no PATCH ever lost a race, so the test proved nothing");
    }

    private static async Task WriteAsync(HttpClient client, int writer, List<string> shared, Tally tally, Stopwatch clock)
    {
        var random = new Random(writer);
        for (var n = 0; clock.Elapsed < Duration; n++)
        {
            if (random.Next(4) == 0)
            {
                var quote = $"A new statement by writer {writer}, number {n}.";
                var response = await client.PostAsJsonAsync("/v1/statements", new
                {
                    person = "donald-j-trump", quote, saidAt = "2017-07-10", medium = "tweet",
                    sources = new[] { new { url = "https://example.org/source" } },
                });
                var text = await tally.ObserveAsync(response, "POST /v1/statements");
                if (response.StatusCode == HttpStatusCode.Created) tally.Created.Add((JsonNode.Parse(text)!.AsObject().Id(), quote));
                else tally.Problems.Enqueue($"POST /v1/statements answered {(int)response.StatusCode}: {text}");
                continue;
            }
            var id = shared[random.Next(shared.Count)];
            var field = random.Next(2) == 0 ? "quote" : "summary";
            // Unique, so every successful PATCH changes something and must leave a revision.
            var value = $"{field} from writer {writer}, edit {n}.";
            await EditAsync(client, id, field, value, tally, clock);
        }
    }

    /// <summary>GET for the ETag, PATCH with If-Match; on 412 someone else won the race: read again and retry.</summary>
    private static async Task EditAsync(HttpClient client, string id, string field, string value, Tally tally, Stopwatch clock)
    {
        var url = $"/v1/statements/{id}";
        while (clock.Elapsed < Duration)
        {
            var read = await client.GetAsync(url);
            await tally.ObserveAsync(read, $"GET {url}");
            var request = new HttpRequestMessage(HttpMethod.Patch, url)
            {
                Content = new StringContent(new JsonObject { [field] = value }.ToJsonString(), Encoding.UTF8, "application/merge-patch+json"),
            };
            request.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag?.ToString());
            var response = await client.SendAsync(request);
            var text = await tally.ObserveAsync(response, $"PATCH {url}");
            switch (response.StatusCode)
            {
                case HttpStatusCode.OK:
                    tally.Edits.Add(new Edit(id, JsonNode.Parse(text)!["revision"]!.GetValue<long>(), field, value));
                    return;
                case HttpStatusCode.PreconditionFailed:
                    continue;
                default:
                    tally.Problems.Enqueue($"PATCH {url} answered {(int)response.StatusCode}: {text}");
                    return;
            }
        }
    }

    private sealed record Edit(string Id, long Revision, string Field, string Value);

    /// <summary>Every 200 beside every recorded revision, so a rare failure can be read from its log alone.</summary>
    private static string Explain(string id, List<Edit> edits, List<JsonObject> history)
    {
        var lines = new List<string> { $"statement {id}: {edits.Count} PATCHes answered 200, its history holds {history.Count} revisions (1 + 200s expected)" };
        lines.AddRange(edits.Select(e => $"  200: revision {e.Revision}, {e.Field} = {e.Value}"));
        lines.AddRange(history.Select(h => $"  history: revision {h["revision"]}, {h.Str("action")}, at {h["recordedAt"]}, " +
            $"quote = {h["snapshot"]?["quote"]}, summary = {h["snapshot"]?["summary"]}"));
        return string.Join("\n", lines);
    }

    private sealed class Tally
    {
        private int _requests, _successes, _stale, _serverErrors;

        public int Requests => _requests;
        public int Successes => _successes;
        public int Stale => _stale;
        public int ServerErrors => _serverErrors;
        public ConcurrentBag<Edit> Edits { get; } = [];
        public ConcurrentBag<(string Id, string Quote)> Created { get; } = [];
        public ConcurrentQueue<string> Problems { get; } = new();

        /// <summary>Counts the answer and returns its body; a 5xx or any mention of a busy or locked database is a problem.</summary>
        public async Task<string> ObserveAsync(HttpResponseMessage response, string request)
        {
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            Interlocked.Increment(ref _requests);
            if (status is >= 200 and < 300) Interlocked.Increment(ref _successes);
            if (status == 412) Interlocked.Increment(ref _stale);
            if (status >= 500)
            {
                Interlocked.Increment(ref _serverErrors);
                Problems.Enqueue($"{request} answered {status}: {text}");
            }
            if (text.Contains("locked", StringComparison.OrdinalIgnoreCase) || text.Contains("busy", StringComparison.OrdinalIgnoreCase))
                Problems.Enqueue($"{request} mentions a busy or locked database ({status}): {text}");
            return text;
        }
    }
}
