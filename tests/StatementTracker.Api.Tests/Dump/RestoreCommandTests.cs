using StatementTracker.Api.Dump;

namespace StatementTracker.Api.Tests.Dump;

/// <summary><c>restore FILE</c>, called as Program calls it, with the output captured.</summary>
public class RestoreCommandTests
{
    private sealed record Run(int ExitCode, string Output, string Error);

    private static async Task<Run> RunAsync(StatementTrackerApplication app, params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await RestoreCommand.RunAsync(app.Services, args, output, error);
        return new Run(code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task RestoreFromTheCommandLineLoadsTheDumpAndPrintsTheRowsOfEachTable()
    {
        await using var source = new StatementTrackerApplication(seedDemoData: true);
        var file = Path.Combine(Path.GetTempPath(), "statementtracker-tests", $"dump-{Guid.NewGuid():N}.ndjson");
        await File.WriteAllTextAsync(file, await source.ExportAsync());
        await using var app = new StatementTrackerApplication();

        try
        {
            var run = await RunAsync(app, "restore", file);

            Assert.Equal(RestoreCommand.Ok, run.ExitCode);
            Assert.Equal("", run.Error);
            Assert.StartsWith($"Restored {DumpTestData.CountRows(source).Values.Sum()} rows from {file}:", run.Output);
            Assert.Matches(@"\n  people +7\r?\n", run.Output);
            Assert.Matches(@"\n  statements +8\r?\n", run.Output);
            Assert.Equal(DumpTestData.CountRows(source), DumpTestData.CountRows(app));
            Assert.Equal(8, (await app.CreateClient().GetJsonAsync("/v1/statements"))["items"]!.AsArray().Count);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task ARefusedRestoreExitsWithOneLineSayingWhyAndWritesNothing()
    {
        await using var source = new StatementTrackerApplication(seedDemoData: true);
        var file = Path.Combine(Path.GetTempPath(), "statementtracker-tests", $"dump-{Guid.NewGuid():N}.ndjson");
        var lines = DumpTestData.Lines(await source.ExportAsync());
        await File.WriteAllTextAsync(file, string.Join('\n', lines.Take(lines.Count - 1)) + "\n");
        await using var app = new StatementTrackerApplication();

        try
        {
            var cutOff = await RunAsync(app, "restore", file);
            var missing = await RunAsync(app, "restore", file + ".missing");
            var bare = await RunAsync(app, "restore");

            Assert.Equal((RestoreCommand.Failed, RestoreCommand.Usage, RestoreCommand.Usage), (cutOff.ExitCode, missing.ExitCode, bare.ExitCode));
            Assert.Equal("", cutOff.Output);
            Assert.Equal($"Nothing was restored: line {lines.Count - 1}: the dump stops after this line without its end line, so it was cut off.",
                cutOff.Error.TrimEnd());
            Assert.Single(cutOff.Error.TrimEnd().Split('\n'));
            Assert.Contains("There is no file at", missing.Error);
            Assert.StartsWith("usage: restore FILE", bare.Error);
            Assert.All(DumpTestData.CountRows(app).Values, count => Assert.Equal(0, count));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
