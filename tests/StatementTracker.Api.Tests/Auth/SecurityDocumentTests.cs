using System.Text.Json.Nodes;

namespace StatementTracker.Api.Tests.Auth;

/// <summary>The OpenAPI document tells clients, and Swagger UI's Authorize button, what the middleware enforces.</summary>
public class SecurityDocumentTests
{
    [Fact]
    public async Task TheDocumentDeclaresBothWaysToSendAKey()
    {
        var document = await DocumentAsync();
        var schemes = document["components"]!["securitySchemes"]!;

        Assert.Equal("http", schemes["bearer"].Str("type"));
        Assert.Equal("bearer", schemes["bearer"].Str("scheme"));
        Assert.Equal(("apiKey", "header", "X-Api-Key"), (schemes["apiKey"].Str("type"), schemes["apiKey"].Str("in"), schemes["apiKey"].Str("name")));
    }

    [Fact]
    public async Task EveryWriteNeedsAWriteKeyAndDocumentsItsRefusals()
    {
        var writes = Operations(await DocumentAsync()).Where(o => o.Method != "get" && o.Path.StartsWith("/v1")).ToList();
        Assert.NotEmpty(writes);
        foreach (var (method, path, operation) in writes)
        {
            var name = $"{method.ToUpperInvariant()} {path}";
            // Undoing a retraction is an admin's call; every other write needs write.
            var scope = path.EndsWith("/restore", StringComparison.Ordinal) ? "admin" : "write";
            Assert.True(operation["x-required-scope"]?.GetValue<string>() == scope, $"{name} says it needs {scope}");
            Assert.Equal(["bearer", "apiKey"], Requirements(operation));
            foreach (var status in new[] { "401", "403", "429" })
                Assert.True(operation["responses"]![status]?["content"]?["application/problem+json"] is not null, $"{name} documents a {status} problem");
            Assert.Contains($"scope `{scope}`", operation.Str("description"));
        }
    }

    [Fact]
    public async Task AReadThatIsNotPublicNeedsAKeyWithItsScopeAndDocumentsItsRefusals()
    {
        var guarded = Operations(await DocumentAsync()).Where(o => o.Method == "get" && o.Operation["x-required-scope"] is not null).ToList();
        Assert.Contains(guarded, o => o.Path == "/v1/imports");
        foreach (var (_, path, operation) in guarded)
        {
            Assert.Equal(["bearer", "apiKey"], Requirements(operation));
            Assert.True(operation["responses"]!["401"] is not null && operation["responses"]!["403"] is not null, $"GET {path} documents 401 and 403");
        }
    }

    [Fact]
    public async Task ReadsTakeAKeyButNeedNone()
    {
        // A few reads are not public (an import's report, the full dump): they declare the scope they need, below.
        var reads = Operations(await DocumentAsync()).Where(o => o.Method == "get" && o.Path.StartsWith("/v1") && o.Operation["x-required-scope"] is null).ToList();
        Assert.NotEmpty(reads);
        foreach (var (_, path, operation) in reads)
        {
            Assert.True(Requirements(operation).SequenceEqual(["", "bearer", "apiKey"]), $"GET {path} lists no key as an option first");
            Assert.Null(operation["x-required-scope"]);
            Assert.True(operation["responses"]!["401"] is not null, $"GET {path} documents the 401 of a bad key");
            Assert.Null(operation["responses"]!["403"]);
        }
    }

    [Fact]
    public async Task TheDumpIsAReadForAdminsOnly()
    {
        var export = Operations(await DocumentAsync()).Single(o => o.Method == "get" && o.Path == "/v1/export").Operation;

        Assert.Equal("admin", export.Str("x-required-scope"));
        Assert.Equal(["bearer", "apiKey"], Requirements(export));
        foreach (var status in new[] { "401", "403" })
            Assert.True(export["responses"]![status]?["content"]?["application/problem+json"] is not null, $"the dump documents a {status} problem");
        Assert.Contains("scope `admin`", export.Str("description"));
    }

    [Fact]
    public async Task WhenAnonymousReadsAreOffTheDocumentSaysReadsNeedAReadKey()
    {
        var document = await DocumentAsync(new Dictionary<string, string> { ["Auth:AnonymousRead"] = "false" });
        var timeline = Operations(document).Single(o => o.Method == "get" && o.Path == "/v1/people/{slug}/timeline").Operation;

        Assert.Equal("read", timeline.Str("x-required-scope"));
        Assert.Equal(["bearer", "apiKey"], Requirements(timeline));
    }

    private static async Task<JsonNode> DocumentAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        await using var app = new StatementTrackerApplication(settings: settings);
        return JsonNode.Parse(await app.CreateAnonymousClient().GetStringAsync("/swagger/v1/swagger.json"))!;
    }

    /// <summary>Each alternative requirement by its scheme's name; "" for the empty one, which means "no key".</summary>
    private static List<string> Requirements(JsonNode operation) =>
        operation["security"]!.AsArray().Select(r => r!.AsObject().Select(p => p.Key).SingleOrDefault() ?? "").ToList();

    private static IEnumerable<(string Method, string Path, JsonNode Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject().Select(op => (op.Key, path.Key, op.Value!)));
}
