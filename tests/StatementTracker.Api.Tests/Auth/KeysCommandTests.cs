using System.Diagnostics;
using System.Net;
using StatementTracker.Api.Auth;

namespace StatementTracker.Api.Tests.Auth;

/// <summary><c>keys create|list|revoke</c>, called as Program calls it, with the output captured.</summary>
public class KeysCommandTests
{
    public sealed record Run(int ExitCode, string Output, string Error);

    public static async Task<Run> RunWithOutputAsync(StatementTrackerApplication app, params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await KeysCommand.RunAsync(app.Services, args, output, error);
        return new Run(code, output.ToString(), error.ToString());
    }

    public static async Task<int> RunAsync(StatementTrackerApplication app, params string[] args) => (await RunWithOutputAsync(app, args)).ExitCode;

    [Fact]
    public async Task CreatePrintsTheKeyOnceAndTheKeyWorks()
    {
        await using var app = new StatementTrackerApplication();

        var run = await RunWithOutputAsync(app, "keys", "create", "--name", "newsroom-bot", "--scope", "write");

        Assert.Equal(KeysCommand.Ok, run.ExitCode);
        var key = run.Output.Trim();
        Assert.Matches("^stk_[A-Za-z0-9_-]{43}$", key);
        Assert.Contains("shown only now", run.Error);
        await app.CreateClient(key).PostJsonAsync("/v1/people", new { name = "Ash Carter" });
    }

    [Fact]
    public async Task ListShowsNamesScopesAndDatesButNeverAKeyOrAHash()
    {
        await using var app = new StatementTrackerApplication();
        var key = (await RunWithOutputAsync(app, "keys", "create", "--name=newsroom-reader", "--scope=read")).Output.Trim();
        await app.CreateClient(key).GetJsonAsync("/v1/people");
        await RunAsync(app, "keys", "create", "--name", "old-bot", "--scope", "write");
        await RunAsync(app, "keys", "revoke", "old-bot");

        var run = await RunWithOutputAsync(app, "keys", "list");

        Assert.Equal(KeysCommand.Ok, run.ExitCode);
        var lines = run.Output.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal(["NAME", "SCOPE", "CREATED", "LAST", "USED", "REVOKED"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["bootstrap", "newsroom-reader", "old-bot"], lines.Skip(1).Select(l => l.Split(' ')[0]));
        var reader = System.Text.RegularExpressions.Regex.Split(lines.Single(l => l.StartsWith("newsroom-reader")), @"\s{2,}");
        Assert.Equal("read", reader[1]);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$", reader[3]);
        Assert.Equal("-", reader[4]);
        Assert.DoesNotContain("never", lines.Single(l => l.StartsWith("newsroom-reader")));
        Assert.Contains("never", lines.Single(l => l.StartsWith("old-bot")));
        Assert.DoesNotContain(key, run.Output);
        Assert.DoesNotContain("stk_", run.Output);
        Assert.DoesNotContain(ApiKeys.Hash(key), run.Output);
    }

    [Fact]
    public async Task RevokeRefusesTheKeyFromThenOnAndSaysSoWhenAskedTwice()
    {
        await using var app = new StatementTrackerApplication();
        var key = (await RunWithOutputAsync(app, "keys", "create", "--name", "newsroom-bot", "--scope", "write")).Output.Trim();

        var revoked = await RunWithOutputAsync(app, "keys", "revoke", "newsroom-bot");
        var again = await RunWithOutputAsync(app, "keys", "revoke", "newsroom-bot");
        var unknown = await RunWithOutputAsync(app, "keys", "revoke", "nobody");

        Assert.Equal((KeysCommand.Ok, KeysCommand.Ok, KeysCommand.Failed), (revoked.ExitCode, again.ExitCode, unknown.ExitCode));
        Assert.Contains("Revoked", revoked.Output);
        Assert.Contains("revoked already", again.Output);
        Assert.Contains("No key is named 'nobody'", unknown.Error);
        await Problem.AssertAsync(await app.CreateClient(key).PostAsync("/v1/people", null), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ANameIsTakenForGoodEvenAfterItsKeyIsRevoked()
    {
        await using var app = new StatementTrackerApplication();
        await RunAsync(app, "keys", "create", "--name", "newsroom-bot", "--scope", "write");
        await RunAsync(app, "keys", "revoke", "newsroom-bot");

        var run = await RunWithOutputAsync(app, "keys", "create", "--name", "newsroom-bot", "--scope", "write");

        Assert.Equal(KeysCommand.Failed, run.ExitCode);
        Assert.Contains("exists already", run.Error);
        Assert.Empty(run.Output);
    }

    [Theory]
    [InlineData("'keys create' needs --name", "keys", "create")]
    [InlineData("needs --scope", "keys", "create", "--name", "newsroom-bot")]
    [InlineData("'owner' is not one of: read, write, admin", "keys", "create", "--name", "newsroom-bot", "--scope", "owner")]
    [InlineData("is not allowed", "keys", "create", "--name", "news room", "--scope", "read")]
    [InlineData("belongs to the key the service keeps itself", "keys", "create", "--name", "bootstrap", "--scope", "admin")]
    [InlineData("does not know '--colour'", "keys", "create", "--name", "newsroom-bot", "--scope", "read", "--colour", "red")]
    [InlineData("--name is given twice", "keys", "create", "--name", "a", "--name", "b", "--scope", "read")]
    [InlineData("Say what to do", "keys")]
    [InlineData("'rotate' is not a keys command", "keys", "rotate")]
    [InlineData("takes no arguments", "keys", "list", "--all")]
    [InlineData("takes one key name", "keys", "revoke")]
    [InlineData("takes one key name", "keys", "revoke", "a", "b")]
    public async Task AMisusedCommandSaysWhatWasWrongAndExitsWithAUsageError(string message, params string[] args)
    {
        await using var app = new StatementTrackerApplication();

        var run = await RunWithOutputAsync(app, args);

        Assert.Equal(KeysCommand.Usage, run.ExitCode);
        Assert.Contains(message, run.Error);
        Assert.Contains("Usage:", run.Error);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task TheServiceBinaryRunsTheCommandAndExitsWithItsCode()
    {
        var database = Path.Combine(Path.GetTempPath(), "statementtracker-tests", $"{Guid.NewGuid():N}.db");
        try
        {
            var created = await RunServiceAsync(database, "keys", "create", "--name", "ci", "--scope", "admin");
            Assert.True(created.ExitCode == 0, created.Error);
            Assert.Matches("^stk_[A-Za-z0-9_-]{43}$", created.Output.Trim());

            var listed = await RunServiceAsync(database, "keys", "list");
            Assert.Equal(0, listed.ExitCode);
            Assert.Contains("ci", listed.Output);

            Assert.Equal(KeysCommand.Usage, (await RunServiceAsync(database, "keys", "rotate")).ExitCode);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(database + suffix);
        }
    }

    /// <summary>The service's own build output, run as `dotnet StatementTracker.Api.dll ...` would be.</summary>
    private static async Task<Run> RunServiceAsync(string database, params string[] args)
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;   // bin/Debug/net10.0
        var dll = RepositoryFiles.PathOf(Path.Combine("src", "StatementTracker.Api", "bin", configuration, "net10.0", "StatementTracker.Api.dll"));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)! };
        start.ArgumentList.Add(dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["ConnectionStrings__StatementTracker"] = $"Data Source={database}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Run(process.ExitCode, await output, await error);
    }
}
