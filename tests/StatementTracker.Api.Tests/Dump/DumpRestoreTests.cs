using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using StatementTracker.Api.Dump;

namespace StatementTracker.Api.Tests.Dump;

/// <summary>A restore writes the whole dump or nothing, and says which line stopped it and why.</summary>
public class DumpRestoreTests
{
    /// <summary>A dump of the demo story, taken once: it is only text, and every test restores it into a database of its own.</summary>
    private static readonly Lazy<Task<string>> DemoDump = new(async () =>
    {
        await using var source = new StatementTrackerApplication(seedDemoData: true);
        return await source.ExportAsync();
    });

    [Fact]
    public async Task ARestoreIntoADatabaseThatHoldsDataIsRefusedAndWritesNothing()
    {
        await using var app = new StatementTrackerApplication();
        await app.CreateClient().CreatePersonAsync("Steven Mnuchin");

        var outcome = await app.RestoreAsync(await DemoDump.Value);

        Assert.False(outcome.Restored);
        Assert.Equal(RestoreRefusal.DatabaseNotEmpty, outcome.Failure.Refusal);
        Assert.Null(outcome.Failure.Line);
        Assert.Contains("only into an empty database", outcome.Failure.Message);
        var rows = DumpTestData.CountRows(app);
        Assert.Equal(1, rows["people"]);
        Assert.Equal(1, rows["revisions"]);
        Assert.Equal(2, rows.Values.Sum());
    }

    [Fact]
    public async Task ADumpOfAnotherSchemaIsRefusedOnItsFirstLine()
    {
        await using var app = new StatementTrackerApplication();
        var older = DumpTestData.SchemaVersion - 1;
        var dump = (await DemoDump.Value).Replace($"\"schemaVersion\":{DumpTestData.SchemaVersion},", $"\"schemaVersion\":{older},");

        var outcome = await app.RestoreAsync(dump);

        Assert.False(outcome.Restored);
        Assert.Equal(RestoreRefusal.OtherSchema, outcome.Failure.Refusal);
        Assert.Equal(1, outcome.Failure.Line);
        Assert.StartsWith($"line 1: dump of schema {older}, database at {DumpTestData.SchemaVersion}.", outcome.Failure.Message);
        Assert.All(DumpTestData.CountRows(app).Values, count => Assert.Equal(0, count));
    }

    [Theory]
    [InlineData("an empty file")]
    [InlineData("a first line that is not the header")]
    [InlineData("a header of another format")]
    [InlineData("no end line")]
    [InlineData("a line cut off halfway")]
    [InlineData("counts that differ from the rows")]
    [InlineData("a line after the end line")]
    [InlineData("malformed JSON")]
    [InlineData("a blank line")]
    [InlineData("an unknown table")]
    [InlineData("an unknown column")]
    [InlineData("a column name that is SQL")]
    [InlineData("a row without one of its columns")]
    [InlineData("a value that is neither text, a number nor null")]
    [InlineData("a row before a table it needs")]
    [InlineData("a row the database refuses")]
    [InlineData("a row naming a person the dump does not hold")]
    [InlineData("a topic under a topic the dump does not hold")]
    public async Task ADamagedDumpIsRefusedNamingTheLineAndWritesNothing(string damage)
    {
        await using var app = new StatementTrackerApplication();
        var good = await DemoDump.Value;
        var lines = DumpTestData.Lines(good);
        int Find(string text) => lines.FindIndex(l => l.Contains(text, StringComparison.Ordinal)) + 1;
        var (trumpLine, cyberTopicLine, aliasLine) = (Find("\"slug\":\"donald-j-trump\""), Find("\"slug\":\"us-russia-cyber-unit\""), Find("\"table\":\"person_aliases\""));
        string Edit(int line, Func<string, string> change) =>
            string.Join('\n', lines.Select((l, i) => i == line - 1 ? change(l) : l)) + "\n";
        string Insert(int after, string text) => string.Join('\n', lines.Take(after).Append(text).Concat(lines.Skip(after))) + "\n";
        var end = lines.Count;

        var (dump, line, says) = damage switch
        {
            "an empty file" => ("", 1, "the dump is empty"),
            "a first line that is not the header" => (string.Join('\n', lines.Skip(1)) + "\n", 1, "the first line is not the dump's header"),
            "a header of another format" => (Edit(1, l => l.Replace("\"format\":1,", "\"format\":2,\"compression\":\"none\",")), 1, "format 2; this version reads format 1"),
            "no end line" => (string.Join('\n', lines.Take(end - 1)) + "\n", end - 1, "without its end line, so it was cut off"),
            "a line cut off halfway" => (good[..(good.IndexOf(lines[trumpLine - 1], StringComparison.Ordinal) + 40)], trumpLine, "not JSON"),
            "counts that differ from the rows" => (Edit(end, l => l.Replace("\"people\":7,", "\"people\":8,")), end, "counts 8 people rows, but the dump holds 7"),
            "a line after the end line" => (good + lines[trumpLine - 1] + "\n", end + 1, "goes on after its end line"),
            "malformed JSON" => (Edit(aliasLine, l => l.Replace("\"row\":{", "\"row\":{,")), aliasLine, "not JSON"),
            "a blank line" => (Insert(trumpLine, ""), trumpLine + 1, "the line is empty"),
            "an unknown table" => (Insert(1, """{"table":"api_keys","row":{"id":"key_1"}}"""), 2, "'api_keys' is not a table a dump holds"),
            "an unknown column" => (Edit(trumpLine, l => l.Replace("\"row\":{", "\"row\":{\"nickname\":\"The Donald\",")), trumpLine, "people has no column 'nickname'"),
            "a column name that is SQL" => (Edit(trumpLine, l => l.Replace("\"row\":{", "\"row\":{\"id) VALUES (1); DROP TABLE people; --\":1,")), trumpLine, "people has no column 'id) VALUES (1); DROP TABLE people; --'"),
            "a row without one of its columns" => (Edit(trumpLine, l => Regex.Replace(l, "\"wikidata_id\":\"Q22686\",", "")), trumpLine, "the people row has no 'wikidata_id'"),
            "a value that is neither text, a number nor null" => (Edit(trumpLine, l => l.Replace("\"revision\":1", "\"revision\":true")), trumpLine, "people.revision is a JSON boolean"),
            "a row before a table it needs" => (Insert(aliasLine, lines[trumpLine - 1].Replace("donald-j-trump", "donald-trump").Replace("\"Q22686\"", "null").Replace("per_", "per_x")), aliasLine + 1, "a people row after person_aliases rows"),
            "a row the database refuses" => (Insert(trumpLine, lines[trumpLine - 1].Replace("per_", "per_x")), trumpLine + 1, TestDatabase.IsPostgres
                ? "the database refuses this people row: duplicate key value violates unique constraint"
                : "the database refuses this people row: UNIQUE constraint failed: people.wikidata_id."),
            "a row naming a person the dump does not hold" => (Edit(aliasLine, l => Regex.Replace(l, "\"person_id\":\"[^\"]+\"", "\"person_id\":\"per_nobody\"")), aliasLine, "names a row the dump does not hold"),
            "a topic under a topic the dump does not hold" => (Edit(cyberTopicLine, l => Regex.Replace(l, "\"parent_id\":\"[^\"]+\"", "\"parent_id\":\"top_nobody\"")), cyberTopicLine, "parent_id 'top_nobody'"),
            _ => throw new ArgumentOutOfRangeException(nameof(damage), damage, null),
        };
        Assert.NotEqual(good, dump);

        var outcome = await app.RestoreAsync(dump);

        Assert.False(outcome.Restored, $"{damage} is refused");
        Assert.Equal(RestoreRefusal.BadDump, outcome.Failure.Refusal);
        Assert.Equal(line, outcome.Failure.Line);
        Assert.True(outcome.Failure.Message.Contains(says, StringComparison.Ordinal), $"{outcome.Failure.Message} says: {says}");
        Assert.StartsWith($"line {line}: ", outcome.Failure.Message);
        Assert.All(DumpTestData.CountRows(app), count => Assert.True(count.Value == 0, $"{count.Key} is empty after the refusal"));
        // Nothing half-done stays behind: the whole dump restores afterwards.
        Assert.True((await app.RestoreAsync(good)).Restored);
    }

    [Fact]
    public async Task ADumpThatIsNotUtf8IsRefusedNamingTheLine()
    {
        await using var app = new StatementTrackerApplication();
        var lines = DumpTestData.Lines(await DemoDump.Value);
        var bytes = Encoding.UTF8.GetBytes(string.Join('\n', lines.Take(2)) + "\n").Concat(new byte[] { 0xC3, 0x28, (byte)'\n' }).ToArray();

        await using var scope = app.Services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<DumpRestorer>().RestoreAsync(new MemoryStream(bytes), CancellationToken.None);

        Assert.False(outcome.Restored);
        Assert.Equal("line 3: the line is not UTF-8 text.", outcome.Failure.Message);
        Assert.Equal(0, DumpTestData.CountRows(app)["people"]);
    }

    [Fact]
    public async Task TheDocumentedExampleIsAWholeDumpThatRestores()
    {
        await using var app = new StatementTrackerApplication();
        // The example names the schema it was written at; the rows themselves are what this checks.
        var example = Regex.Replace(DumpExamples.Dump, "\"schemaVersion\":\\d+", $"\"schemaVersion\":{DumpTestData.SchemaVersion}");

        var outcome = await app.RestoreAsync(example);

        Assert.True(outcome.Restored, outcome.Failure?.Message);
        var client = app.CreateClient();
        Assert.Equal("Donald J. Trump", (await client.GetJsonAsync("/v1/people/donald-j-trump")).Str("name"));
        Assert.Equal("newsroom-editor", (await client.GetJsonAsync("/v1/statements/st_6n8q0s2v4x6z8b0d")).Str("recordedBy"));
        Assert.Equal(["st_6n8q0s2v4x6z8b0d"], (await client.GetJsonAsync("/v1/statements?q=meddling")).Ids());
    }
}
