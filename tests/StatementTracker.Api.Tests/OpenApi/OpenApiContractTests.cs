using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace StatementTracker.Api.Tests.OpenApi;

/// <summary>openapi.yaml is the contract: it must be what the service serves, and every operation must be documented.</summary>
public class OpenApiContractTests
{
    private const string UpdateVariable = "STATEMENTTRACKER_UPDATE_OPENAPI";

    [Fact]
    public async Task TheCheckedInOpenApiYamlIsExactlyWhatTheServiceServes()
    {
        await using var app = new StatementTrackerApplication();
        var served = Normalize(await app.CreateClient().GetStringAsync("/swagger/v1/swagger.yaml"));
        var path = RepositoryFiles.PathOf("openapi.yaml");

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1") await File.WriteAllTextAsync(path, served);

        var checkedIn = File.Exists(path) ? Normalize(await File.ReadAllTextAsync(path)) : "";
        Assert.True(served == checkedIn,
            $"openapi.yaml differs from /swagger/v1/swagger.yaml. If the change is intended, regenerate it: {UpdateVariable}=1 dotnet test --filter OpenApiContractTests");
    }

    [Fact]
    public async Task EveryOperationHasAnIdASummaryADescriptionOneTagASuccessAnErrorAndExamples()
    {
        await using var app = new StatementTrackerApplication();
        var document = JsonNode.Parse(await app.CreateClient().GetStringAsync("/swagger/v1/swagger.json"))!;
        var operations = Operations(document).ToList();
        Assert.NotEmpty(operations);

        var ids = new HashSet<string>();
        foreach (var (name, operation) in operations)
        {
            var id = operation["operationId"]?.GetValue<string>();
            Assert.False(string.IsNullOrWhiteSpace(id), $"{name} has an operationId");
            Assert.True(ids.Add(id!), $"operationId {id} is unique");
            Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()), $"{id} has a summary");
            Assert.False(string.IsNullOrWhiteSpace(operation["description"]?.GetValue<string>()), $"{id} has a description");
            Assert.True(operation["tags"]?.AsArray().Count == 1, $"{id} has exactly one tag");

            var responses = operation["responses"]!.AsObject();
            Assert.Contains(responses, r => r.Key.StartsWith('2'));
            Assert.Contains(responses, r => r.Key.StartsWith('4') || r.Key == "503");
            foreach (var (status, response) in responses)
            {
                foreach (var (mediaType, media) in response!["content"]?.AsObject() ?? [])
                    Assert.True(media!["example"] is not null, $"{id} {status} {mediaType} has an example");
            }
            foreach (var (mediaType, media) in operation["requestBody"]?["content"]?.AsObject() ?? [])
                Assert.True(media!["example"] is not null, $"{id} request {mediaType} has an example");
        }
    }

    [Fact]
    public async Task TheTagsAreDeclaredInTheOrderANewcomerWorksThroughThemEachWithADescription()
    {
        // Swagger UI lists tags in the order the document declares them: this is its table of contents.
        await using var app = new StatementTrackerApplication();
        var document = JsonNode.Parse(await app.CreateClient().GetStringAsync("/swagger/v1/swagger.json"))!;
        var tags = document["tags"]!.AsArray();

        Assert.Equal(["People", "Statements", "Timeline", "Links", "Topics", "Positions", "Reversals", "Fact-checks", "Imports", "Revisions", "Feeds", "Data", "Health"],
            tags.Select(t => t.Str("name")));
        Assert.All(tags, tag => Assert.False(string.IsNullOrWhiteSpace(tag.Str("description")), $"{tag.Str("name")} has a description"));
        var declared = tags.Select(t => t.Str("name")).ToHashSet();
        var used = Operations(document).SelectMany(op => op.Node["tags"]!.AsArray().Select(t => t!.GetValue<string>())).ToHashSet();
        Assert.True(used.SetEquals(declared), $"operations use exactly the tags declared; used: {string.Join(", ", used)}");
        Assert.Equal(["Timeline"], document["paths"]!["/v1/people/{slug}/timeline"]!["get"]!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task TheDocumentOpensWithAGettingStartedGuide()
    {
        await using var app = new StatementTrackerApplication();
        var document = JsonNode.Parse(await app.CreateClient().GetStringAsync("/swagger/v1/swagger.json"))!;
        var info = document["info"]!;
        var guide = info.Str("description");

        Assert.Equal("StatementTracker API", info.Str("title"));
        Assert.Contains("Authorize", guide);
        Assert.Contains("Development API key (admin)", guide);
        Assert.Contains("/v1/people/donald-j-trump/timeline", guide);
        Assert.Contains("q=cyber", guide);
        // Its links go to operations in Swagger UI (deep linking is on): each must name a tag and an operation that exist.
        var operations = Operations(document).Select(op => $"#/{op.Node["tags"]![0]}/{op.Node.Str("operationId")}").ToHashSet();
        var links = Regex.Matches(guide, @"\]\((#/[^)]+)\)").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, link => Assert.Contains(link, operations));
    }

    [Fact]
    public async Task EveryExampleFitsItsSchemaAndItsStatus()
    {
        // Clients are generated from these schemas and read the examples as the truth: a problem example that says
        // 500 under 412, or a schema that promises an object where the API sends null, misleads them both.
        await using var app = new StatementTrackerApplication();
        var document = JsonNode.Parse(await app.CreateClient().GetStringAsync("/swagger/v1/swagger.json"))!;
        var schemas = new SchemaChecker(document["components"]!["schemas"]!.AsObject());
        var errors = new List<string>();

        foreach (var (name, operation) in Operations(document))
        {
            var bodies = (operation["requestBody"]?["content"]?.AsObject() ?? []).Select(m => ("request", m.Key, m.Value!));
            var answers = operation["responses"]!.AsObject().SelectMany(r => (r.Value!["content"]?.AsObject() ?? []).Select(m => (r.Key, m.Key, m.Value!)));
            foreach (var (status, mediaType, media) in bodies.Concat(answers))
            {
                var where = $"{name} {status} {mediaType} example";
                errors.AddRange(schemas.Errors(media["example"], media["schema"]!.AsObject(), "$").Select(e => $"{where}: {e}"));
                if (mediaType == "application/problem+json" && media["example"]?["status"]?.GetValue<int>() is { } shown && shown.ToString() != status)
                    errors.Add($"{where} says status {shown}");
            }
        }

        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => Regex.Replace(e, @"\[\d+\]", "[*]")).Distinct()));
    }

    [Fact]
    public async Task ASettingTurnsSwaggerOff()
    {
        await using var app = new StatementTrackerApplication(settings: new Dictionary<string, string> { ["StatementTracker:EnableSwagger"] = "false" });
        var client = app.CreateClient();

        await Problem.AssertAsync(await client.GetAsync("/swagger/v1/swagger.json"), System.Net.HttpStatusCode.NotFound);
        await Problem.AssertAsync(await client.GetAsync("/swagger/index.html"), System.Net.HttpStatusCode.NotFound);
        Assert.Equal("ok", (await client.GetJsonAsync("/health")).Str("status"));
    }

    [Fact]
    public async Task SwaggerUiIsServed()
    {
        await using var app = new StatementTrackerApplication();
        var html = await app.CreateClient().GetStringAsync("/swagger/index.html");
        Assert.Contains("swagger-ui", html);
    }

    private static IEnumerable<(string Name, JsonNode Node)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Select(op => ($"{op.Key.ToUpperInvariant()} {path.Key}", op.Value!)));

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimEnd() + "\n";
}
