using System.Net;
using StatementTracker.Api.Imports;
using StatementTracker.Api.Tests.Dump;

namespace StatementTracker.Api.Tests.Imports;

/// <summary><c>import FILE</c> on the command line, called as Program calls it, with its output captured.</summary>
public class ImportCommandTests
{
    private sealed record Run(int ExitCode, string Output, string Error);

    private static async Task<Run> RunAsync(StatementTrackerApplication app, params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await ImportCommand.RunAsync(app.Services, args, output, error, interactive: false);
        return new Run(code, output.ToString(), error.ToString());
    }

    private static string WriteFile(string name, string text)
    {
        var folder = Path.Combine(Path.GetTempPath(), "statementtracker-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private const string Good = """{"type":"statement","person":"Donald J. Trump","quote":"We will build the unit.","saidAt":"2017-07-09","medium":"tweet","externalId":"cli:1","sources":[{"url":"https://example.org"}]}""";

    [Fact]
    public async Task AFileIsImportedWithProgressAndASummaryAndASecondRunChangesNothing()
    {
        await using var app = new StatementTrackerApplication();
        var file = WriteFile("records.ndjson", Good + "\n");

        var first = await RunAsync(app, "import", file, "--create-people");
        var second = await RunAsync(app, "import", file, "--create-people");

        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        Assert.Contains("1 records in", first.Output);
        Assert.Contains("1 created, 0 updated, 0 unchanged, 0 skipped, 0 errors", first.Output);
        Assert.Contains("100% 1 records", first.Output);  // the last progress line, written plainly when not on a terminal
        Assert.Contains("0 created, 0 updated, 1 unchanged", second.Output);
        var jobs = (await app.CreateClient().GetJsonAsync("/v1/imports"))["items"]!.AsArray();
        Assert.Equal(2, jobs.Count);
        Assert.All(jobs, job => Assert.Equal("cli-import", job.Str("recordedBy")));
    }

    [Fact]
    public async Task RefusedLinesArePrintedWithTheirLineAndTheExitCodeSaysSo()
    {
        await using var app = new StatementTrackerApplication();
        var file = WriteFile("records.ndjson", Good + "\n" + Good.Replace("cli:1", "cli:2").Replace("2017-07-09", "2017-13-01") + "\n");

        var run = await RunAsync(app, "import", file, "--create-people");

        Assert.Equal(ImportCommand.SomeRefused, run.ExitCode);
        Assert.Contains("error line 2 saidAt:", run.Output);
    }

    [Theory]
    [InlineData(new[] { "import" }, "name the file")]
    [InlineData(new[] { "import", "records.txt" }, "--format must be one of")]
    [InlineData(new[] { "import", "records.ndjson", "--format", "xml" }, "--format must be one of")]
    [InlineData(new[] { "import", "records.ndjson", "--fast" }, "unknown option --fast")]
    [InlineData(new[] { "import", "/nowhere/records.ndjson" }, "no file at")]
    public async Task ABadCommandLineSaysWhatIsWrongAndExitsWithOne(string[] args, string expected)
    {
        await using var app = new StatementTrackerApplication();

        var run = await RunAsync(app, args);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(expected, run.Error);
    }

    [Fact]
    public async Task ADumpIsRestoredThroughTheImportIntoAnEmptyDatabaseOnlyAndOnlyByAnAdmin()
    {
        await using var source = new StatementTrackerApplication(seedDemoData: true);
        var dump = await source.ExportAsync();
        await using var empty = new StatementTrackerApplication();
        var writer = empty.CreateClient(await empty.CreateKeyAsync("write"));
        var body = System.Text.Encoding.UTF8.GetBytes(dump);

        var refused = await writer.SendAsync(ImportClient.Upload(body, "format=dump", "application/x-ndjson", 30));
        var job = await empty.CreateClient().ImportAsync(body, "format=dump");
        var again = await (await empty.CreateClient().SendAsync(ImportClient.Upload(body, "format=dump", "application/x-ndjson", 30))).ReadAsync(HttpStatusCode.Created);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(DumpTestData.Counts(dump)["statements"]!.GetValue<long>(), job.Count("statements", "created"));
        Assert.Equal(await source.CreateClient().GetStringAsync("/v1/people/donald-j-trump/timeline"), await empty.CreateClient().GetStringAsync("/v1/people/donald-j-trump/timeline"));
        Assert.Equal("failed", again.Str("status"));
        Assert.StartsWith("Nothing was restored", again.Str("message"));
    }
}
