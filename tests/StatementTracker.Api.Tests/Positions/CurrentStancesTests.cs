using System.Data.Common;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StatementTracker.Api.Imports;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.Positions;
using StatementTracker.Api.Tests.Imports;

namespace StatementTracker.Api.Tests.Positions;

/// <summary>
/// The derived current stances (one row per person and topic) against the rule they stand for, recomputed from every
/// stance stored, after random runs of the writes that move stances; and the answers read from them against the walk
/// over the stances that answers positions in the past.
/// </summary>
public class CurrentStancesTests
{
    private static readonly string[] People = ["ada-lovelace", "bob-dole", "cy-young"];
    private static readonly string[] Topics = ["trade", "trade-tariffs", "health"];

    // Few instants and all precisions, so ties on the timeline key (same start, same precision) are common.
    private static readonly string[] Dates = ["2017", "2017-07", "2017-07-09", "2017-07-09T00:00:00Z", "2017-07-09T12:00:00Z", "2017-07-10", "2018-01"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task AfterAnyRunOfCreatesCorrectionsRetractionsAndRestoresTheCurrentStancesAreThoseTheStancesGive(int seed)
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        foreach (var person in People) await client.CreatePersonAsync(person.Replace('-', ' '), person);
        await client.TopicAsync("trade");
        await client.TopicAsync("trade-tariffs", "trade");
        await client.TopicAsync("health");
        var random = new Random(seed);
        var live = new List<string>();
        var retracted = new List<string>();

        for (var step = 0; step < 70; step++)
        {
            var action = live.Count < 4 ? 0 : random.Next(10);
            if (action <= 3)
            {
                var statement = await client.PostJsonAsync("/v1/statements", new
                {
                    person = Pick(random, People), quote = $"Step {step}.", saidAt = Pick(random, Dates), medium = "interview",
                    sources = new[] { new { url = "https://example.org/transcript" } }, positions = RandomPositions(random),
                });
                live.Add(statement.Id());
            }
            else if (action <= 6)
            {
                var id = Pick(random, live);
                var patch = random.Next(4) switch
                {
                    0 => new Dictionary<string, object?> { ["saidAt"] = Pick(random, Dates) },
                    1 => new Dictionary<string, object?> { ["person"] = Pick(random, People) },
                    2 => new Dictionary<string, object?> { ["positions"] = RandomPositions(random) },
                    _ => new Dictionary<string, object?> { ["saidAt"] = Pick(random, Dates), ["positions"] = RandomPositions(random) },
                };
                await (await client.PatchJsonAsync($"/v1/statements/{id}", JsonSerializer.Serialize(patch))).ReadAsync(HttpStatusCode.OK);
            }
            else if (action <= 8)
            {
                var id = Pick(random, live);
                Assert.Equal(HttpStatusCode.OK, (await client.RetractAsync($"/v1/statements/{id}")).StatusCode);
                live.Remove(id);
                retracted.Add(id);
            }
            else if (retracted.Count > 0)
            {
                var id = Pick(random, retracted);
                Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/v1/statements/{id}/restore", null)).StatusCode);
                retracted.Remove(id);
                live.Add(id);
            }
            if (step % 10 == 9) AssertCurrentStancesFollowFromTheStances(app);
        }
        AssertCurrentStancesFollowFromTheStances(app);
        await AssertAnswersFromCurrentStancesEqualTheWalksAsync(app, client);
    }

    [Fact]
    public async Task ABulkImportDerivesTheCurrentStancesOfWhatItWroteOnceAtTheEnd()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.TopicAsync("trade");
        await client.TopicAsync("health");
        foreach (var person in People) await client.CreatePersonAsync(person.Replace('-', ' '), person);
        var random = new Random(7);
        string File() => string.Concat(Enumerable.Range(0, 40).Select(i => JsonSerializer.Serialize(new
        {
            type = "statement", externalId = $"test:{i}", person = Pick(random, People), quote = $"Imported {i}.", saidAt = Pick(random, Dates),
            medium = "interview", sources = new[] { new { url = $"https://example.org/{i}" } },
            positions = new[] { new { topic = Pick(random, ["trade", "health"]), stance = Pick(random, Stances.Scale) } },
        }) + "\n"));

        // The second file corrects the first's statements: new people, dates and stances, each deferred to the end.
        var first = await client.ImportAsync(File());
        var second = await client.ImportAsync(File());

        Assert.Equal(0L, first["errors"]!.GetValue<long>() + second["errors"]!.GetValue<long>());
        Assert.Equal(40L, Scalar(app, "SELECT COUNT(*) FROM statement_positions"));
        AssertCurrentStancesFollowFromTheStances(app);
        await AssertAnswersFromCurrentStancesEqualTheWalksAsync(app, client);
    }

    [Fact]
    public async Task AnImportThatStopsPartWayLeavesTheCurrentStancesInStepWithWhatItCommitted()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.TopicAsync("trade");
        await client.TopicAsync("health");
        foreach (var person in People) await client.CreatePersonAsync(person.Replace('-', ' '), person);
        var random = new Random(11);
        var lines = string.Concat(Enumerable.Range(0, ImportRunner.BatchSize + 100).Select(i => JsonSerializer.Serialize(new
        {
            type = "statement", externalId = $"test:{i}", person = Pick(random, People), quote = $"Imported {i}.", saidAt = Pick(random, Dates),
            medium = "interview", sources = new[] { new { url = $"https://example.org/{i}" } },
            positions = new[] { new { topic = Pick(random, ["trade", "health"]), stance = Pick(random, Stances.Scale) } },
        }) + "\n"));

        // The stream breaks after the first batch has committed, as a dropped upload or a stopped service would.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var runner = scope.ServiceProvider.GetRequiredService<ImportRunner>();
            var input = new BreakingStream(System.Text.Encoding.UTF8.GetBytes(lines), breakAfter: lines.Length * 9 / 10);
            await Assert.ThrowsAsync<IOException>(() => runner.RunAsync(input, new ImportSettings("ndjson", false, false, "cut.ndjson"),
                WriteContext.System(), new ImportReport(), CancellationToken.None));
        }

        Assert.Equal((long)ImportRunner.BatchSize, Scalar(app, "SELECT COUNT(*) FROM statement_positions"));
        AssertCurrentStancesFollowFromTheStances(app);
        await AssertAnswersFromCurrentStancesEqualTheWalksAsync(app, client);
    }

    /// <summary>Hands out its bytes up to a point, then fails as a broken connection does.</summary>
    private sealed class BreakingStream(byte[] bytes, int breakAfter) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) =>
            Position >= breakAfter ? throw new IOException("the connection broke") : base.Read(buffer, offset, (int)Math.Min(count, breakAfter - Position));

        public override int Read(Span<byte> buffer)
        {
            var read = new byte[buffer.Length];
            var n = Read(read, 0, read.Length);
            read.AsSpan(0, n).CopyTo(buffer);
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => Task.FromResult(Read(buffer, offset, count));
    }

    /// <summary>
    /// The rows in current_stances equal, row for row, what the rule gives from every stance stored: per person and
    /// topic, the last stance by (instant, precision, statement id), and the first statement of its unbroken run.
    /// </summary>
    private static void AssertCurrentStancesFollowFromTheStances(StatementTrackerApplication app)
    {
        using var connection = app.OpenDatabase();
        var slugs = Rows(connection, "SELECT id, slug FROM people").ToDictionary(r => r[0], r => r[1]);
        var expected = Rows(connection, "SELECT person_id, topic_id, statement_id, stance, sort_utc_ms, precision_rank FROM statement_positions")
            .Select(r => new PositionStore.StanceRow
            {
                PersonId = r[0], TopicId = r[1], StatementId = r[2], Stance = r[3], SortUtcMs = long.Parse(r[4]), PrecisionRank = long.Parse(r[5]),
            })
            .GroupBy(r => (r.PersonId, r.TopicId))
            .Select(g =>
            {
                var rows = g.OrderBy(r => r.SortUtcMs).ThenBy(r => r.PrecisionRank).ThenBy(r => r.StatementId, StringComparer.Ordinal).ToList();
                var first = rows.Count - 1;
                while (first > 0 && rows[first - 1].Stance == rows[^1].Stance) first--;
                var last = rows[^1];
                return $"{last.PersonId} {last.TopicId} {slugs[last.PersonId]} {last.StatementId} {last.Stance} {last.SortUtcMs} {last.PrecisionRank} {rows[first].StatementId}";
            })
            .Order(StringComparer.Ordinal).ToList();
        var actual = Rows(connection, "SELECT person_id, topic_id, person_slug, statement_id, stance, sort_utc_ms, precision_rank, since_id FROM current_stances")
            .Select(r => string.Join(' ', r)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual);
    }

    /// <summary>
    /// Every person's and topic's positions now, read from the current stances, byte for byte as the walk over the
    /// stances answers them: the walk is forced by a row said far in the future, on nobody's topic, that the current
    /// stances cannot answer past.
    /// </summary>
    private static async Task AssertAnswersFromCurrentStancesEqualTheWalksAsync(StatementTrackerApplication app, HttpClient client)
    {
        var asOf = Uri.EscapeDataString(DateTime.UtcNow.AddMinutes(1).ToString("yyyy-MM-ddTHH:mm:ssZ"));
        var urls = People.SelectMany(p => new[] { $"/v1/people/{p}/positions?asOf={asOf}", $"/v1/people/{p}/positions?asOf={asOf}&limit=1" })
            .Concat(Topics.SelectMany(t => new[] { $"/v1/topics/{t}/positions?asOf={asOf}", $"/v1/topics/{t}/positions?asOf={asOf}&limit=1" }))
            .Concat(new[] { "trade", "health" }.SelectMany(t => Stances.Scale.Select(s => $"/v1/topics/{t}/positions?asOf={asOf}&stance={s}")))
            .Concat(Stances.Scale.Select(s => $"/v1/topics/trade/positions?asOf={asOf}&includeSubtopics=true&stance={s}&limit=1"))
            .Append($"/v1/topics/trade/positions?asOf={asOf}&includeSubtopics=true")
            .ToList();
        var fromCurrent = await AnswersAsync(client, urls);
        Execute(app, "INSERT INTO current_stances (person_id, topic_id, person_slug, statement_id, stance, sort_utc_ms, precision_rank, since_id) " +
            "VALUES ('per_none', 'top_none', 'nobody', 'st_none', 'supports', 9000000000000000, 0, 'st_none')");
        var fromWalk = await AnswersAsync(client, urls);
        Execute(app, "DELETE FROM current_stances WHERE person_id = 'per_none'");
        Assert.Equal(fromWalk.Count, fromCurrent.Count);
        foreach (var (walk, current) in fromWalk.Zip(fromCurrent)) Assert.Equal(walk, current);
        Assert.Contains(fromCurrent, a => a.Contains("\"since\""));
    }

    /// <summary>Each URL's answer, with every page after the first followed too.</summary>
    private static async Task<List<string>> AnswersAsync(HttpClient client, IEnumerable<string> urls)
    {
        var answers = new List<string>();
        foreach (var url in urls)
        {
            var next = url;
            for (var page = 0; next is not null && page < 20; page++)
            {
                var response = await client.GetAsync(next);
                var text = await response.Content.ReadAsStringAsync();
                answers.Add($"{next} {(int)response.StatusCode} {(response.IsSuccessStatusCode ? text : "")}");   // a problem's traceId differs
                var cursor = response.IsSuccessStatusCode ? JsonDocument.Parse(text).RootElement.GetProperty("nextCursor") : default;
                next = cursor.ValueKind == JsonValueKind.String ? $"{url}&cursor={Uri.EscapeDataString(cursor.GetString()!)}" : null;
            }
        }
        return answers;
    }

    private static object[] RandomPositions(Random random) =>
        Topics.Where(_ => random.Next(3) == 0).DefaultIfEmpty(Pick(random, Topics))
            .Select(topic => (object)new { topic, stance = Pick(random, Stances.Scale) }).ToArray();

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static List<string[]> Rows(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string[]>();
        while (reader.Read()) rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!).ToArray());
        return rows;
    }

    private static long Scalar(StatementTrackerApplication app, string sql)
    {
        using var connection = app.OpenDatabase();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar());
    }

    private static void Execute(StatementTrackerApplication app, string sql)
    {
        using var connection = app.OpenDatabase();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
