using StatementTracker.Api.Data;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.Links;
using StatementTracker.Api.People;
using StatementTracker.Api.Reversals;
using StatementTracker.Api.Revisions;
using StatementTracker.Api.Statements;
using StatementTracker.Api.Topics;

namespace StatementTracker.Api.Maintenance;

/// <summary>
/// Work a migration asks for that needs the service's own rules rather than SQL: a first revision for records
/// made before revisions were kept, the reversals derived again, each statement's parts document written. Runs at
/// start-up after migrating, in one transaction per task, and removes the task when done, so an interrupted start
/// simply runs it again.
/// </summary>
public sealed class MaintenanceTasks(IServiceScopeFactory scopes, ILogger<MaintenanceTasks> logger)
{
    public async Task RunPendingAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<DbSession>();
        var pending = await PendingAsync(db, ct);
        foreach (var task in pending)
        {
            await using var write = await db.BeginBulkWriteAsync(ct);
            switch (task)
            {
                case "backfill_revisions":
                    await BackfillRevisionsAsync(services, ct);
                    break;
                case "rebuild_reversals":
                    var people = await services.GetRequiredService<ReversalWriter>().RebuildAllAsync(UtcText.ToUnixMs(DateTime.UtcNow), backfill: true, ct);
                    logger.LogInformation("Derived the reversals of {People} people.", people);
                    break;
                case "fill_statement_parts":
                    var filled = await services.GetRequiredService<StatementPartsStore>().WriteMissingAsync(ct);
                    logger.LogInformation("Wrote the sources, topics and stances document of {Statements} statements.", filled);
                    break;
                default:
                    throw new InvalidOperationException($"Unknown maintenance task '{task}'.");
            }
            await db.ExecuteAsync("DELETE FROM maintenance_tasks WHERE name = @task", new { task }, ct);
            await write.CommitAsync(ct);
        }
    }

    /// <summary>The tasks a migration asked for that have not run yet, by name.</summary>
    public static Task<List<string>> PendingAsync(DbSession db, CancellationToken ct) =>
        db.QueryAsync<string>("SELECT name FROM maintenance_tasks ORDER BY name", null, ct);

    /// <summary>
    /// Marks every pending task done on a database that held no data when the rows now in it were loaded, inside the
    /// write that loaded them. On no data every task has nothing to do, so this leaves what running them first would
    /// have left (the restore command migrates, runs them on the empty database, then restores); left pending, the
    /// first start would derive the loaded reversals again instead of keeping their history. copy-to-postgres needs it
    /// because it loads a database that is not the service's own, which <see cref="RunPendingAsync"/> cannot reach.
    /// A new task that would change an empty database must be run there instead.
    /// </summary>
    public static Task SettleOnEmptyAsync(DbSession db, CancellationToken ct) => db.ExecuteAsync("DELETE FROM maintenance_tasks", null, ct);

    /// <summary>
    /// The --rebuild-reversals command, for rows loaded behind the service's back: every reversal derived again, every
    /// current stance, and the parts document of every statement without one (<see cref="StatementParts"/>), in one transaction.
    /// </summary>
    public async Task RebuildReversalsAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        await using var write = await db.BeginBulkWriteAsync(ct);
        var people = await scope.ServiceProvider.GetRequiredService<ReversalWriter>().RebuildAllAsync(UtcText.ToUnixMs(DateTime.UtcNow), backfill: false, ct);
        await scope.ServiceProvider.GetRequiredService<Positions.PositionStore>().RebuildCurrentAsync(ct);
        var filled = await scope.ServiceProvider.GetRequiredService<StatementPartsStore>().WriteMissingAsync(ct);
        await write.CommitAsync(ct);
        logger.LogInformation("Rebuilt the reversals of {People} people; wrote the parts document of {Statements} statements.", people, filled);
    }

    /// <summary>Revision 1 of every record that has none, as it stands, dated when the record was created.</summary>
    private async Task BackfillRevisionsAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<DbSession>();
        var revisions = services.GetRequiredService<RevisionStore>();
        const string reason = "Recorded before revisions were kept; earlier states are not known.";
        WriteContext At(string createdAt) => new("system", reason, null, UtcText.Parse(createdAt));

        var people = services.GetRequiredService<PeopleStore>();
        foreach (var slug in await db.QueryAsync<string>("SELECT slug FROM people WHERE revision = 0", null, ct))
        {
            var row = (await people.FindBySlugAsync(slug, ct))!;
            await revisions.AppendAsync("person", row.Id, "create", row.ToRequest(), At(row.CreatedAt), null, ct);
        }
        var topics = services.GetRequiredService<TopicStore>();
        foreach (var slug in await db.QueryAsync<string>("SELECT slug FROM topics WHERE revision = 0", null, ct))
        {
            var row = (await topics.FindBySlugAsync(slug, ct))!;
            await revisions.AppendAsync("topic", row.Id, "create", row.ToRequest(), At(row.CreatedAt), null, ct);
        }
        var statements = services.GetRequiredService<StatementStore>();
        var ids = await db.QueryAsync<string>("SELECT id FROM statements WHERE revision = 0 ORDER BY id", null, ct);
        foreach (var batch in ids.Chunk(500))
        {
            var rows = await statements.FindManyAsync(batch, ct);
            foreach (var (row, statement) in rows.Zip(await statements.ExpandAsync(rows, null, ct)))
            {
                await revisions.AppendAsync("statement", row.Id, "create", StatementSnapshot.Of(statement, null), At(row.CreatedAt),
                    new RevisionStore.StatementKeys(row.PersonId, row.SortUtcMs, row.PrecisionRank, row.Medium, Retracted: false), ct);
            }
        }
        var links = await db.QueryAsync<LinkStore.LinkRecord>(
            "SELECT id, statement_id, target_id, relation, note, revision, retracted_at, retraction_reason FROM links WHERE revision = 0", null, ct);
        var created = (await db.QueryAsync<(string Id, string CreatedAt)>("SELECT id, created_at FROM links WHERE revision = 0", null, ct))
            .ToDictionary(l => l.Id, l => l.CreatedAt);
        foreach (var link in links)
            await revisions.AppendAsync("link", link.Id, "create", link.ToSnapshot(), At(created[link.Id]), null, ct);
        logger.LogInformation("Gave {Statements} statements and {Links} links their first revision.", ids.Count, links.Count);
    }
}
