using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using StatementTracker.Api.Data;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.Links;
using StatementTracker.Api.People;
using StatementTracker.Api.Topics;
using StatementTracker.Api.Statements;

namespace StatementTracker.Api.Demo;

/// <summary>
/// Fills an empty database with the July 2017 cyber-unit story from db/seed/demo-story.json, through the same
/// commands the API uses, so the demo can never hold data the API would refuse.
/// </summary>
public sealed class DemoSeeder(IServiceScopeFactory scopes, IOptions<StatementTrackerOptions> options, IHostEnvironment environment, ILogger<DemoSeeder> logger)
{
    private sealed record SeedLink(string From, string To, string Relation, string? Note);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public bool Wanted => options.Value.SeedDemoData ?? environment.IsDevelopment();

    public async Task SeedIfWantedAsync(CancellationToken ct = default)
    {
        if (!Wanted) return;
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<DbSession>();
        var people = services.GetRequiredService<PeopleStore>();
        var personCommands = services.GetRequiredService<PersonCommands>();
        var topicCommands = services.GetRequiredService<TopicCommands>();
        var statementCommands = services.GetRequiredService<StatementCommands>();
        var linkCommands = services.GetRequiredService<LinkCommands>();
        var write = WriteContext.System("The demo story");

        // One transaction around every command: the story loads whole or not at all.
        await using var scopeOfWrite = await db.BeginWriteAsync(ct);
        if (!await people.IsEmptyAsync(ct))
        {
            logger.LogInformation("The database holds data already; the demo story is not loaded.");
            return;
        }

        var story = JsonNode.Parse(ReadSeed())!.AsObject();
        foreach (var node in story["people"]!.AsArray())
            Check("person", node, await personCommands.CreateAsync(node.Deserialize<CreatePersonRequest>(Json)!, write, ct));
        foreach (var node in story["topics"]!.AsArray())
            Check("topic", node, await topicCommands.CreateAsync(node.Deserialize<CreateTopicRequest>(Json)!, write, ct));

        var ids = new Dictionary<string, string>();
        foreach (var node in story["statements"]!.AsArray())
        {
            var seed = node!.AsObject().DeepClone().AsObject();
            var key = seed["key"]!.GetValue<string>();
            seed.Remove("key");
            ids[key] = Check("statement", node, await statementCommands.RecordAsync(seed.Deserialize<CreateStatementRequest>(Json)!, write, ct));
        }
        foreach (var link in story["links"].Deserialize<List<SeedLink>>(Json)!)
            Check("link", null, await linkCommands.LinkAsync(ids[link.From], new CreateLinkRequest(ids[link.To], link.Relation, link.Note), write, ct));

        await scopeOfWrite.CommitAsync(ct);
        logger.LogInformation("Loaded the demo story: {People} people, {Statements} statements.", story["people"]!.AsArray().Count, ids.Count);
    }

    /// <summary>The demo is ours: a command refusing any of it is a bug to fail loudly on, with the problem's words.</summary>
    private static T Check<T>(string what, JsonNode? node, Outcome<T> outcome)
    {
        if (!outcome.Failed) return outcome.Value!;
        object? problem = outcome.Invalid is { } invalid ? invalid.ProblemDetails : outcome.Problem!.ProblemDetails;
        throw new InvalidOperationException($"Demo {what} {node?.ToJsonString()} was refused: {JsonSerializer.Serialize(problem)}");
    }

    private static string ReadSeed()
    {
        using var stream = typeof(DemoSeeder).Assembly.GetManifestResourceStream("seed/demo-story.json")
            ?? throw new InvalidOperationException("The demo story is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
