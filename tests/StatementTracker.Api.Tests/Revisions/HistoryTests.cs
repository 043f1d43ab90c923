using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using StatementTracker.Api.Maintenance;
using StatementTracker.Api.Tests.Positions;

namespace StatementTracker.Api.Tests.Revisions;

public class HistoryTests
{
    [Fact]
    public async Task ACorrectionKeepsTheEarlierWordingInTheRevisionsWithAReadableDiff()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        var statement = await client.CreateStatementAsync("donald-j-trump", "2017-07-09", quote: "We discussed a cyber unit.");

        var response = await client.PatchJsonAsync($"/v1/statements/{statement.Id()}?reason=Transcribed%20wrongly", """{"quote":"We discussed forming an impenetrable Cyber Security unit."}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"2\"", response.Headers.ETag?.ToString());
        var revisions = (await client.GetJsonAsync($"/v1/statements/{statement.Id()}/revisions"))["items"]!.AsArray();
        Assert.Equal(["create", "correct"], revisions.Select(r => r.Str("action")));
        Assert.Equal("We discussed a cyber unit.", revisions[0]!["snapshot"].Str("quote"));
        var change = Assert.Single(revisions[1]!["changes"]!.AsArray())!;
        Assert.Equal(("quote", "We discussed a cyber unit.", "We discussed forming an impenetrable Cyber Security unit."),
            (change.Str("field"), change.Str("from"), change.Str("to")));
        Assert.Equal("Transcribed wrongly", revisions[1].Str("reason"));
        var correction = Assert.Single((await client.GetJsonAsync("/v1/corrections"))["items"]!.AsArray())!;
        Assert.Equal(($"/v1/statements/{statement.Id()}", "correct"), (correction.Str("url"), correction.Str("action")));
    }

    [Fact]
    public async Task EachPageOfAHistoryDiffsItsFirstRevisionAgainstTheOneBeforeIt()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        var id = (await client.CreateStatementAsync("donald-j-trump", "2017-07-09", quote: "Version 1.")).Id();
        for (var version = 2; version <= 5; version++)
            await client.PatchJsonAsync($"/v1/statements/{id}", $$"""{"quote":"Version {{version}}."}""");

        var revisions = await client.AllPagesAsync($"/v1/statements/{id}/revisions", limit: 2);
        var corrections = await client.AllPagesAsync("/v1/corrections", limit: 3);

        Assert.Equal([1, 2, 3, 4, 5], revisions.Select(r => r["revision"]!.GetValue<int>()));
        for (var version = 2; version <= 5; version++)
        {
            var change = Assert.Single(revisions[version - 1]["changes"]!.AsArray())!;
            Assert.Equal(($"Version {version - 1}.", $"Version {version}."), (change.Str("from"), change.Str("to")));
        }
        Assert.Equal([5, 4, 3, 2], corrections.Select(c => c["revision"]!.GetValue<int>()));
        Assert.Equal("Version 3.", corrections[2]["changes"]![0].Str("to"));
    }

    [Fact]
    public async Task APatchThatChangesNothingRecordsNoRevision()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        var statement = await client.CreateStatementAsync("donald-j-trump", "2017-07-09", quote: "Same words.");

        var response = await client.PatchJsonAsync($"/v1/statements/{statement.Id()}", """{"quote":"Same words."}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag?.ToString());
        Assert.Single((await client.GetJsonAsync($"/v1/statements/{statement.Id()}/revisions"))["items"]!.AsArray());
    }

    [Fact]
    public async Task AStaleEtagIsPreconditionFailedAndAMissingOneIsPreconditionRequired()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        var id = (await client.CreateStatementAsync("donald-j-trump", "2017-07-09")).Id();
        await client.PatchJsonAsync($"/v1/statements/{id}", """{"summary":"first editor"}""");

        var stale = new HttpRequestMessage(HttpMethod.Patch, $"/v1/statements/{id}") { Content = Patch("""{"summary":"second editor"}""") };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        var problem = await Problem.AssertAsync(await client.SendAsync(stale), HttpStatusCode.PreconditionFailed);
        Assert.Equal("\"2\"", problem.Str("currentEtag"));
        await Problem.AssertAsync(await client.PatchAsync($"/v1/statements/{id}", Patch("""{"summary":"third"}""")), (HttpStatusCode)428);
        await Problem.AssertAsync(await client.DeleteAsync($"/v1/statements/{id}?reason=dup"), (HttpStatusCode)428);
        Assert.Equal("first editor", (await client.GetJsonAsync($"/v1/statements/{id}")).Str("summary"));
    }

    [Fact]
    public async Task ARetractedStatementLeavesTheTimelinePositionsAndReversalsButStaysReadableAndLogged()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        await client.TopicAsync("cyber-unit");
        var proposal = await client.StanceAsync("donald-j-trump", "2017-07-09T07:50:24-04:00", "cyber-unit", "supports");
        var walkBack = await client.StanceAsync("donald-j-trump", "2017-07-09T20:45:13-04:00", "cyber-unit", "opposes");
        Assert.Single((await client.GetJsonAsync("/v1/reversals"))["items"]!.AsArray());

        var response = await client.RetractAsync($"/v1/statements/{walkBack}", "Recorded twice by an import script.");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([proposal], (await client.GetJsonAsync("/v1/people/donald-j-trump/timeline")).Ids());
        Assert.Empty((await client.GetJsonAsync("/v1/reversals"))["items"]!.AsArray());
        var position = Assert.Single((await client.GetJsonAsync("/v1/people/donald-j-trump/positions"))["items"]!.AsArray())!;
        Assert.Equal("supports", position.Str("stance"));
        var retracted = await client.GetJsonAsync($"/v1/statements/{walkBack}");
        Assert.Equal("Recorded twice by an import script.", retracted["retracted"].Str("reason"));
        Assert.Equal("opposes", retracted["positions"]![0].Str("stance"));
        Assert.Equal([proposal, walkBack], (await client.GetJsonAsync("/v1/people/donald-j-trump/timeline?includeRetracted=true")).Ids());
        Assert.Equal(["create", "retract"], (await client.GetJsonAsync($"/v1/statements/{walkBack}/revisions"))["items"]!.AsArray().Select(r => r.Str("action")));
        var logged = Assert.Single((await client.GetJsonAsync("/v1/corrections"))["items"]!.AsArray())!;
        Assert.Equal(("retract", "Recorded twice by an import script."), (logged.Str("action"), logged.Str("reason")));
    }

    [Fact]
    public async Task ARetractionNeedsAReasonAndCanBeUndone()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        await client.TopicAsync("cyber-unit");
        var first = await client.StanceAsync("donald-j-trump", "2017-07-09", "cyber-unit", "supports");
        var second = await client.StanceAsync("donald-j-trump", "2017-07-10", "cyber-unit", "opposes");

        await Problem.AssertFieldAsync(await client.RetractAsync($"/v1/statements/{second}", " "), HttpStatusCode.BadRequest, "reason", "required");
        Assert.Equal(HttpStatusCode.OK, (await client.RetractAsync($"/v1/statements/{second}", "Misattributed.")).StatusCode);
        await Problem.AssertAsync(await client.RetractAsync($"/v1/statements/{second}", "Again."), HttpStatusCode.Conflict);

        var restored = await client.PostAsync($"/v1/statements/{second}/restore?reason=Attribution%20confirmed", null);

        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Equal([first, second], (await client.GetJsonAsync("/v1/people/donald-j-trump/timeline")).Ids());
        Assert.Single((await client.GetJsonAsync("/v1/reversals"))["items"]!.AsArray());
        Assert.Null((await client.GetJsonAsync($"/v1/statements/{second}"))["retracted"]);
    }

    [Fact]
    public async Task ADuplicateIsRetractedPointingAtTheStatementThatStays()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        var original = (await client.CreateStatementAsync("donald-j-trump", "2017-07-09")).Id();
        var duplicate = (await client.CreateStatementAsync("donald-j-trump", "2017-07-09")).Id();

        await Problem.AssertFieldAsync(await client.RetractAsync($"/v1/statements/{duplicate}?duplicateOf=st_nothing"), HttpStatusCode.UnprocessableEntity, "duplicateOf", "no statement");
        Assert.Equal(HttpStatusCode.OK, (await client.RetractAsync($"/v1/statements/{duplicate}?duplicateOf={original}", "Recorded twice.")).StatusCode);

        Assert.Equal(original, (await client.GetJsonAsync($"/v1/statements/{duplicate}"))["retracted"].Str("duplicateOf"));
    }

    [Fact]
    public async Task TheTimelineAsRecordedAtAPastInstantShowsTheEarlierWordingAndNotWhatCameLater()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        var first = (await client.CreateStatementAsync("donald-j-trump", "2017-07-09", quote: "Early wording.")).Id();
        await Task.Delay(20);
        var before = DateTime.UtcNow;
        await Task.Delay(20);
        await client.PatchJsonAsync($"/v1/statements/{first}", """{"quote":"Corrected wording."}""");
        var later = (await client.CreateStatementAsync("donald-j-trump", "2017-07-08", quote: "Recorded later, said earlier.")).Id();
        await client.RetractAsync($"/v1/statements/{later}");

        var asRecorded = await client.GetJsonAsync($"/v1/people/donald-j-trump/timeline?asRecordedAt={before:yyyy-MM-ddTHH:mm:ss.fffZ}");
        var now = await client.GetJsonAsync("/v1/people/donald-j-trump/timeline");

        Assert.Equal([first], asRecorded.Ids());
        Assert.Equal("Early wording.", asRecorded["items"]![0].Str("quote"));
        Assert.Equal("Corrected wording.", now["items"]![0].Str("quote"));
        Assert.Equal("Early wording.", (await client.GetJsonAsync($"/v1/statements/{first}?asRecordedAt={before:yyyy-MM-ddTHH:mm:ss.fffZ}")).Str("quote"));
        await Problem.AssertAsync(await client.GetAsync($"/v1/statements/{later}?asRecordedAt={before:yyyy-MM-ddTHH:mm:ss.fffZ}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheReversalsFeedAndPositionsAsRecordedShowWhatWasOnRecordThen()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        await client.TopicAsync("trade");
        await client.StanceAsync("donald-j-trump", "2017-01-01", "trade", "supports");
        var second = await client.StanceAsync("donald-j-trump", "2017-02-01", "trade", "opposes");
        await Task.Delay(20);
        var before = $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ}";
        await Task.Delay(20);
        await client.PatchJsonAsync($"/v1/statements/{second}", """{"positions":[{"topic":"trade","stance":"supports"}]}""");

        Assert.Empty((await client.GetJsonAsync("/v1/reversals"))["items"]!.AsArray());
        Assert.Single((await client.GetJsonAsync($"/v1/reversals?asRecordedAt={before}"))["items"]!.AsArray());
        Assert.Equal("supports", (await client.GetJsonAsync("/v1/people/donald-j-trump/positions"))["items"]![0].Str("stance"));
        Assert.Equal("opposes", (await client.GetJsonAsync($"/v1/people/donald-j-trump/positions?asRecordedAt={before}"))["items"]![0].Str("stance"));
    }

    [Fact]
    public async Task RevisionsCannotBeChangedOrRemovedEvenFromInsideTheDatabase()
    {
        await using var app = new StatementTrackerApplication();
        await app.CreateClient().CreatePersonAsync("Donald J. Trump");
        await using var connection = app.OpenDatabase();

        foreach (var sql in new[] { "UPDATE revisions SET reason = 'rewritten'", "DELETE FROM revisions" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var ex = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", ex.Message);
        }
    }

    [Fact]
    public async Task FieldNamesAreMatchedExactlyNotIgnoringCase()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();

        await Problem.AssertFieldAsync(await client.PostRawAsync("/v1/people", """{"NAME":"x","SLUG":"y"}"""), HttpStatusCode.BadRequest, "NAME", "");
        await client.CreatePersonAsync("Ash Carter");
        await Problem.AssertAsync(await client.PatchJsonAsync("/v1/people/ash-carter", """{"Description":"x"}"""), HttpStatusCode.BadRequest);
        Assert.Null((await client.GetJsonAsync("/v1/people/ash-carter"))["description"]);
    }

    /// <summary>
    /// Incremental refreshes must land where a full derivation does: a long, shuffled series of stances, moves,
    /// stance changes and retractions for one person, then everything derived again from scratch.
    /// </summary>
    [Fact]
    public async Task IncrementalReversalsEqualAFullRebuildAfterManyKindsOfChange()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        await client.CreatePersonAsync("Marco Rubio");
        foreach (var topic in new[] { "trade", "nato", "cyber" }) await client.TopicAsync(topic);
        var random = new Random(20170709);
        string[] topics = ["trade", "nato", "cyber"];
        string[] stances = ["supports", "leans_support", "undecided", "leans_oppose", "opposes"];
        var ids = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var day = $"2017-{random.Next(1, 13):D2}-{random.Next(1, 29):D2}";
            ids.Add(await client.StanceAsync("donald-j-trump", day, topics[random.Next(3)], stances[random.Next(5)]));
        }
        for (var i = 0; i < 30; i++)
        {
            var id = ids[random.Next(ids.Count)];
            var change = random.Next(4) switch
            {
                0 => $$"""{"saidAt":"2017-{{random.Next(1, 13):D2}}-{{random.Next(1, 29):D2}}"}""",
                1 => $$"""{"positions":[{"topic":"{{topics[random.Next(3)]}}","stance":"{{stances[random.Next(5)]}}"}]}""",
                2 => """{"person":"marco-rubio"}""",
                _ => null,
            };
            if (change is null) await client.RetractAsync($"/v1/statements/{id}");
            else await client.PatchJsonAsync($"/v1/statements/{id}", change);
        }
        var kept = (await client.GetJsonAsync("/v1/reversals?limit=200")).ToJsonString();
        Assert.NotEqual("""{"items":[],"nextCursor":null}""", kept);

        await app.Services.GetRequiredService<MaintenanceTasks>().RebuildReversalsAsync();

        Assert.Equal(kept, (await client.GetJsonAsync("/v1/reversals?limit=200")).ToJsonString());
    }

    private static StringContent Patch(string json) => new(json, Encoding.UTF8, "application/merge-patch+json");
}
