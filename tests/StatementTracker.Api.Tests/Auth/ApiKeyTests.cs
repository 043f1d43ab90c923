using StatementTracker.Api.Data;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using StatementTracker.Api.Auth;

namespace StatementTracker.Api.Tests.Auth;

/// <summary>Who may write, who may read, and what a refused client is told.</summary>
public class ApiKeyTests
{
    private static readonly object Carter = new { name = "Ash Carter" };

    [Fact]
    public async Task AWriteWithoutAKeyIsUnauthorizedWithABearerChallenge()
    {
        await using var app = new StatementTrackerApplication();

        var response = await app.CreateAnonymousClient().PostAsJsonAsync("/v1/people", Carter);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer realm=\"StatementTracker\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("write", problem.Str("requiredScope"));
        Assert.Contains("scope 'write'", problem.Str("detail"));
        Assert.Contains("Authorization: Bearer", problem.Str("detail"));
        await Problem.AssertAsync(await app.CreateAnonymousClient().GetAsync("/v1/people/ash-carter"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("Bearer stk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "not known")]
    [InlineData("Bearer short", "malformed")]
    [InlineData("Bearer stk_has spaces and more than thirty-two characters", "malformed")]
    [InlineData("Basic dXNlcjpwYXNzd29yZA==", "must be 'Bearer <key>'")]
    [InlineData("Bearer", "must be 'Bearer <key>'")]
    public async Task ABadKeyIsUnauthorizedAsAnInvalidToken(string authorization, string rule)
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateAnonymousClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        var response = await client.PostAsJsonAsync("/v1/people", Carter);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer realm=\"StatementTracker\", error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Contains(rule, problem.Str("detail"));
        Assert.DoesNotContain("dXNlcjpwYXNzd29yZA", problem.ToJsonString());
    }

    [Fact]
    public async Task ABadKeyIsRefusedEvenOnAReadThatNeedsNone()
    {
        await using var app = new StatementTrackerApplication();
        var response = await app.CreateClient(ApiKeys.Generate()).GetAsync("/v1/people");
        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        // The health probe and the document are outside the API's rules: they answer whatever the headers say.
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient(ApiKeys.Generate()).GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task ARevokedKeyIsUnauthorized()
    {
        await using var app = new StatementTrackerApplication();
        var key = await app.CreateKeyAsync(Scopes.Write, "newsroom-bot");
        var client = app.CreateClient(key);
        await client.PostJsonAsync("/v1/people", Carter);

        Assert.Equal(KeysCommand.Ok, await KeysCommandTests.RunAsync(app, "keys", "revoke", "newsroom-bot"));

        var response = await client.PostAsJsonAsync("/v1/people", new { name = "Rex Tillerson" });
        var problem = await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("'newsroom-bot' was revoked", problem.Str("detail"));
        Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task AReadKeyCannotWriteAndIsToldWhichScopeItNeeds()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient(await app.CreateKeyAsync(Scopes.Read, "newsroom-reader"));

        var response = await client.PostAsJsonAsync("/v1/people", Carter);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal("write", problem.Str("requiredScope"));
        Assert.Contains("'newsroom-reader' has scope 'read'", problem.Str("detail"));
        Assert.Contains("needs 'write' or higher", problem.Str("detail"));
        Assert.Equal("Bearer realm=\"StatementTracker\", error=\"insufficient_scope\", scope=\"write\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/people")).StatusCode);
    }

    [Theory]
    [InlineData("write")]
    [InlineData("admin")]
    public async Task AWriteOrAdminKeyCanWrite(string scope)
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient(await app.CreateKeyAsync(scope));

        await client.PostJsonAsync("/v1/people", Carter);
        var patched = await client.PatchJsonAsync("/v1/people/ash-carter", """{"description":"Secretary of Defense"}""");

        Assert.Equal("Secretary of Defense", (await patched.ReadAsync(HttpStatusCode.OK)).Str("description"));
    }

    [Fact]
    public async Task ReadsAreAnonymousByDefault()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateAnonymousClient();

        Assert.Equal(2, (await client.GetJsonAsync("/v1/people/donald-j-trump/timeline"))["items"]!.AsArray().Count);
        Assert.NotEmpty((await client.GetJsonAsync("/v1/reversals"))["items"]!.AsArray());
    }

    [Fact]
    public async Task ReadsNeedAReadKeyWhenAnonymousReadsAreOff()
    {
        await using var app = new StatementTrackerApplication(settings: new Dictionary<string, string> { ["Auth:AnonymousRead"] = "false" });

        var refused = await app.CreateAnonymousClient().GetAsync("/v1/people");
        var problem = await Problem.AssertAsync(refused, HttpStatusCode.Unauthorized);
        Assert.Equal("read", problem.Str("requiredScope"));
        Assert.Equal("Bearer realm=\"StatementTracker\"", refused.Headers.WwwAuthenticate.ToString());

        var reader = app.CreateClient(await app.CreateKeyAsync(Scopes.Read));
        Assert.Empty((await reader.GetJsonAsync("/v1/people"))["items"]!.AsArray());
        await Problem.AssertAsync(await reader.PostAsJsonAsync("/v1/people", Carter), HttpStatusCode.Forbidden);
        // Probes and the document stay open: they hold none of the record.
        Assert.Equal(HttpStatusCode.OK, (await app.CreateAnonymousClient().GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateAnonymousClient().GetAsync("/swagger/v1/swagger.json")).StatusCode);
    }

    [Fact]
    public async Task AKeyMayComeAsABearerTokenOrInXApiKey()
    {
        await using var app = new StatementTrackerApplication();
        var key = await app.CreateKeyAsync(Scopes.Write);

        await app.CreateClient(key).PostJsonAsync("/v1/people", new { name = "Ash Carter" });
        await app.CreateClient(key, inApiKeyHeader: true).PostJsonAsync("/v1/people", new { name = "Rex Tillerson" });
        var lowerCaseScheme = app.CreateAnonymousClient();
        lowerCaseScheme.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"bearer {key}");
        await lowerCaseScheme.PostJsonAsync("/v1/people", new { name = "Steven Mnuchin" });

        var both = app.CreateClient(key);
        both.DefaultRequestHeaders.Add("X-Api-Key", app.AdminKey);
        var problem = await Problem.AssertAsync(await both.PostAsJsonAsync("/v1/people", new { name = "Sean Spicer" }), HttpStatusCode.Unauthorized);
        Assert.Contains("different keys", problem.Str("detail"));
    }

    [Fact]
    public async Task KeysAreStoredOnlyAsTheirHashes()
    {
        await using var app = new StatementTrackerApplication();
        var key = await app.CreateKeyAsync(Scopes.Write, "newsroom-bot");
        await app.CreateClient(key).PostJsonAsync("/v1/people", Carter);

        await using var connection = app.OpenDatabase();
        var row = await connection.QuerySingleAsync<(string Name, string Scope, string KeyHash)>(
            "SELECT name, scope, key_hash FROM api_keys WHERE name = 'newsroom-bot'");
        Assert.Equal(("newsroom-bot", "write"), (row.Name, row.Scope));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))), row.KeyHash);

        // Nowhere in the file (nor its write-ahead log) is either key, in any column of any table.
        // On PostgreSQL, every table's rows as text stand for the file.
        var bytes = app.Engine == DatabaseEngine.Postgres ? await PostgresRowsAsync(connection) : await SqliteFileAsync(connection, app.DatabasePath);
        Assert.DoesNotContain(key, bytes);
        Assert.DoesNotContain(app.AdminKey, bytes);
        Assert.DoesNotContain(key[4..20], bytes);
    }

    [Fact]
    public async Task LastUseIsRecordedAtMostAboutOnceAMinute()
    {
        await using var app = new StatementTrackerApplication();
        var key = await app.CreateKeyAsync(Scopes.Read, "newsroom-reader");
        var client = app.CreateClient(key);
        Assert.Null(await LastUsedAsync(app, "newsroom-reader"));

        await client.GetJsonAsync("/v1/people");
        var first = await LastUsedAsync(app, "newsroom-reader");
        Assert.NotNull(first);
        await Task.Delay(20);
        await client.GetJsonAsync("/v1/people");
        await client.GetJsonAsync("/v1/topics");

        Assert.Equal(first, await LastUsedAsync(app, "newsroom-reader"));
    }

    [Fact]
    public async Task TheBootstrapKeyIsAnAdminKeyAndFollowsItsSetting()
    {
        var path = StatementTrackerApplication.NewDatabase();
        var first = ApiKeys.Generate();
        await using (var app = new StatementTrackerApplication(databasePath: path, adminKey: first) { KeepDatabase = true })
        {
            await app.CreateClient(first).PostJsonAsync("/v1/people", Carter);
            Assert.Equal(KeysCommand.Ok, await KeysCommandTests.RunAsync(app, "keys", "revoke", StartupKeys.BootstrapName));
            await Problem.AssertAsync(await app.CreateClient(first).PostAsJsonAsync("/v1/people", new { name = "Rex Tillerson" }), HttpStatusCode.Unauthorized);
        }

        // A new value replaces the old, under the same name, and a revoked bootstrap key comes back.
        var second = ApiKeys.Generate();
        await using var restarted = new StatementTrackerApplication(databasePath: path, adminKey: second);
        await restarted.CreateClient(second).PostJsonAsync("/v1/people", new { name = "Rex Tillerson" });
        await Problem.AssertAsync(await restarted.CreateClient(first).PostAsJsonAsync("/v1/people", new { name = "Sean Spicer" }), HttpStatusCode.Unauthorized);
        await using var connection = restarted.OpenDatabase();
        var bootstrap = await connection.QuerySingleAsync<(string Scope, string? RevokedAt)>("SELECT scope, revoked_at FROM api_keys WHERE name = 'bootstrap'");
        Assert.Equal(("admin", (string?)null), bootstrap);
    }

    [Fact]
    public async Task AWeakBootstrapKeyStopsTheServiceFromStarting()
    {
        await using var app = new StatementTrackerApplication(adminKey: "changeme");
        var failure = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("Auth:BootstrapKey", failure.ToString());
    }

    [Fact]
    public async Task InDevelopmentWithTheDemoAnAdminKeyIsPrintedAndStaysTheSameAcrossRestarts()
    {
        var path = StatementTrackerApplication.NewDatabase();
        var logs = new LogCapture();
        string key;
        await using (var app = new StatementTrackerApplication(seedDemoData: null, databasePath: path, environment: "Development") { KeepDatabase = true })
        await using (var logged = app.WithWebHostBuilder(builder => logs.AttachTo(builder)))
        {
            logged.CreateClient();
            key = logs.Messages.Select(m => m.Split("Development API key (admin): ")).Single(parts => parts.Length == 2)[1];
            Assert.StartsWith("stk_", key);
        }
        await using var restarted = new StatementTrackerApplication(seedDemoData: null, databasePath: path, environment: "Development");
        var client = restarted.CreateClient(key);
        await client.PostJsonAsync("/v1/people", new { name = "Steven Mnuchin" });
        Assert.Equal(key, (await File.ReadAllTextAsync(restarted.DevelopmentKeyFile!)).Trim());
    }

    [Fact]
    public async Task NoDevelopmentKeyIsMadeOutsideDevelopment()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true, environment: "Production");
        await app.CreateClient().GetJsonAsync("/health");

        await using var connection = app.OpenDatabase();
        Assert.Equal(["bootstrap"], (await connection.QueryAsync<string>("SELECT name FROM api_keys")).ToList());
        Assert.False(File.Exists(app.DevelopmentKeyFile));
    }

    [Fact]
    public void HandlersLearnTheKeyNameFromTheRequest()
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        Assert.Null(context.KeyName());
        context.Features.Set(new ApiKeyIdentity("newsroom-bot", Scopes.Write));
        Assert.Equal("newsroom-bot", context.KeyName());
    }

    private static async Task<string?> LastUsedAsync(StatementTrackerApplication app, string name)
    {
        await using var connection = app.OpenDatabase();
        return await connection.QuerySingleAsync<string?>("SELECT last_used_at FROM api_keys WHERE name = @name", new { name });
    }

    private static async Task<string> PostgresRowsAsync(System.Data.Common.DbConnection connection)
    {
        var text = new StringBuilder();
        foreach (var table in await connection.QueryAsync<string>("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"))
            foreach (var row in await connection.QueryAsync<string>($"SELECT x::text FROM {table} AS x")) text.Append(row);
        return text.ToString();
    }

    private static async Task<string> SqliteFileAsync(System.Data.Common.DbConnection connection, string path)
    {
        await connection.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        SqliteConnection.ClearAllPools();
        return Encoding.Latin1.GetString(await File.ReadAllBytesAsync(path));
    }
}
