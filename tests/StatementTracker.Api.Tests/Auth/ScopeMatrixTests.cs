using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using StatementTracker.Api.Auth;

namespace StatementTracker.Api.Tests.Auth;

/// <summary>
/// Every write operation the document lists, tried with no key, a bad key, a revoked key, and keys of each
/// scope: the key is checked before anything else, so the status tells whether it was let through.
/// </summary>
public class ScopeMatrixTests
{
    [Fact]
    public async Task EveryWriteOperationLetsInExactlyTheKeysItsScopeAllows()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var admin = app.CreateClient();
        var statement = (await admin.GetJsonAsync("/v1/people/donald-j-trump/timeline?limit=1"))["items"]![0]!;
        var id = statement.Str("id");
        var linkId = statement["links"]![0].Str("id");
        var revoked = await app.CreateKeyAsync(Scopes.Write, "revoked-bot");
        Assert.Equal(KeysCommand.Ok, await KeysCommandTests.RunAsync(app, "keys", "revoke", "revoked-bot"));
        var keys = new (string Who, string? Key, string Scope)[]
        {
            ("no key", null, ""), ("a bad key", "stk_" + new string('x', 43), ""), ("a revoked key", revoked, ""),
            ("a read key", await app.CreateKeyAsync(Scopes.Read), Scopes.Read),
            ("a write key", await app.CreateKeyAsync(Scopes.Write), Scopes.Write),
            ("an admin key", app.AdminKey, Scopes.Admin),
        };
        var document = JsonNode.Parse(await admin.GetStringAsync("/swagger/v1/swagger.json"))!;
        var operations = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => (Method: o.Key, Path: p.Key, Operation: o.Value!)))
            .Where(o => o.Method != "get" && o.Path.StartsWith("/v1", StringComparison.Ordinal))
            .ToList();
        Assert.True(operations.Count >= 9, $"the write operations are found: {operations.Count}");

        var tried = 0;
        foreach (var (method, path, operation) in operations)
        {
            var needed = operation["x-required-scope"]!.GetValue<string>();
            var url = path.Replace("{id}", id).Replace("{linkId}", linkId).Replace("{slug}", "donald-j-trump");
            foreach (var (who, key, scope) in keys)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url)
                {
                    Content = new StringContent("{}", Encoding.UTF8, method == "patch" ? "application/merge-patch+json" : "application/json"),
                };
                using var client = key is null ? app.CreateAnonymousClient() : app.CreateClient(key);
                var response = await client.SendAsync(request);
                var status = response.StatusCode;
                var expected = key is null || scope == "" ? HttpStatusCode.Unauthorized
                    : Scopes.Allows(scope, needed) ? (HttpStatusCode?)null : HttpStatusCode.Forbidden;
                if (expected is { } refused) await Problem.AssertAsync(response, refused);
                else Assert.True(status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) && (int)status < 500,
                    $"{method.ToUpperInvariant()} {path} with {who} was let through, then answered {(int)status}");
                tried++;
            }
        }
        Assert.Equal(operations.Count * keys.Length, tried);
    }

    [Fact]
    public async Task EveryWriteRecordsTheNameOfTheKeyThatMadeIt()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient(await app.CreateKeyAsync(Scopes.Write, "newsroom-editor"));
        await client.CreatePersonAsync("Donald J. Trump");

        var statement = await client.CreateStatementAsync("donald-j-trump", "2017-07-09");

        Assert.Equal("newsroom-editor", statement.Str("recordedBy"));
        var revision = (await client.GetJsonAsync($"/v1/statements/{statement.Id()}/revisions"))["items"]![0]!;
        Assert.Equal("newsroom-editor", revision.Str("recordedBy"));
        Assert.Equal("newsroom-editor", (await client.GetJsonAsync("/v1/people/donald-j-trump/revisions"))["items"]![0].Str("recordedBy"));
    }
}
