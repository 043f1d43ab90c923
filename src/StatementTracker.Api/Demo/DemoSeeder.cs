using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using StatementTracker.Api.Data;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.Links;
using StatementTracker.Api.People;
using StatementTracker.Api.Positions;
using StatementTracker.Api.Reversals;
using StatementTracker.Api.Topics;
using StatementTracker.Api.Statements;

namespace StatementTracker.Api.Demo;

/// <summary>
/// Fills an empty database with the July 2017 cyber-unit story from db/seed/demo-story.json, through the same
/// rules and stores the API uses, so the demo can never hold data the API would refuse.
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
        var statements = services.GetRequiredService<StatementStore>();
        var links = services.GetRequiredService<LinkStore>();
        var topics = services.GetRequiredService<TopicStore>();
        var positions = services.GetRequiredService<PositionStore>();
        var reversals = services.GetRequiredService<ReversalStore>();

        await using var write = await db.BeginWriteAsync(ct);
        if (!await people.IsEmptyAsync(ct))
        {
            logger.LogInformation("The database holds data already; the demo story is not loaded.");
            return;
        }

        var story = JsonNode.Parse(ReadSeed())!.AsObject();
        var slugs = new List<string>();
        foreach (var node in story["people"]!.AsArray())
        {
            var input = PersonRules.Validate(node.Deserialize<CreatePersonRequest>(Json)!, Checked(out var errors)) ?? throw Invalid("person", node, errors);
            if (await people.InsertAsync(input, ct) != PeopleStore.Clash.None) throw new InvalidOperationException($"Demo person {input.Slug} clashes with another.");
            slugs.Add(input.Slug);
        }

        foreach (var node in story["topics"]!.AsArray())
        {
            var input = TopicRules.Validate(node.Deserialize<CreateTopicRequest>(Json)!, Checked(out var errors)) ?? throw Invalid("topic", node, errors);
            var parent = input.Parent is null ? null : await topics.FindBySlugAsync(input.Parent, ct) ?? throw new InvalidOperationException($"Demo topic {input.Slug} names unknown parent {input.Parent}.");
            if (!await topics.InsertAsync(input, parent?.Id, ct)) throw new InvalidOperationException($"Demo topic {input.Slug} clashes with another.");
        }

        var ids = new Dictionary<string, string>();
        foreach (var node in story["statements"]!.AsArray())
        {
            var seed = node!.AsObject().DeepClone().AsObject();
            var key = seed["key"]!.GetValue<string>();
            seed.Remove("key");
            var input = StatementRules.Validate(seed.Deserialize<CreateStatementRequest>(Json)!, Checked(out var errors), DateTime.UtcNow)
                ?? throw Invalid("statement", node, errors);
            var person = await people.FindBySlugAsync(input.Person, ct) ?? throw new InvalidOperationException($"Demo statement {key} names unknown person {input.Person}.");
            if (input.ExternalId is not null && await statements.FindIdByExternalIdAsync(input.ExternalId, ct) is not null)
                throw new InvalidOperationException($"Demo statement {key} repeats the externalId {input.ExternalId}.");
            var stances = await PositionRules.ResolveAsync(input.Positions, topics, errors, ct) ?? throw Invalid("statement", node, errors);
            ids[key] = Ids.New("st");
            await statements.InsertAsync(ids[key], person.Id, input, ct);
            await positions.ReplaceAsync(ids[key], stances, ct);
        }

        foreach (var link in story["links"].Deserialize<List<SeedLink>>(Json)!)
        {
            var later = await statements.FindAsync(ids[link.From], ct);
            var earlier = await statements.FindAsync(ids[link.To], ct);
            if (await LinkRules.CheckNewAsync(link.Relation, later!.AsLinkEnd(), earlier!.AsLinkEnd(), links, ct) is { } broken)
                throw new InvalidOperationException($"Demo link {link.From} {link.Relation} {link.To} breaks a rule: {broken.Message}");
            await links.InsertAsync(ids[link.From], ids[link.To], link.Relation, link.Note, ct);
        }

        foreach (var slug in slugs)
            await reversals.RebuildForPersonAsync((await people.FindBySlugAsync(slug, ct))!.Id, ct);

        await write.CommitAsync(ct);
        logger.LogInformation("Loaded the demo story: {People} people, {Statements} statements.", story["people"]!.AsArray().Count, ids.Count);
    }

    private static ValidationErrors Checked(out ValidationErrors errors) => errors = new ValidationErrors();

    private static InvalidOperationException Invalid(string what, JsonNode? node, ValidationErrors errors) =>
        new($"Demo {what} {node?.ToJsonString()} is invalid: {JsonSerializer.Serialize(errors.ToDictionary())}");

    private static string ReadSeed()
    {
        using var stream = typeof(DemoSeeder).Assembly.GetManifestResourceStream("seed/demo-story.json")
            ?? throw new InvalidOperationException("The demo story is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
