using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using StatementTracker.Api.Data;

namespace StatementTracker.Api.Tests.Data;

/// <summary>
/// Group commit (SQLite): writers that queued behind one another share one transaction, each in its own savepoint, and
/// one commit. Each must still be answered with exactly its own work, only once that work is durable, and a member that
/// fails must take back its own work and nobody else's.
/// </summary>
public class GroupCommitTests
{
    [SqliteFact("PostgreSQL commits every write alone")]
    public async Task AFailingMemberOfAGroupTakesBackOnlyItsOwnWorkAndTheOthersAreAnsweredOnlyOnceTheGroupCommits()
    {
        await using var app = new StatementTrackerApplication();
        await using var db = await ProbeDatabaseAsync(app);
        // A group older than its age limit commits at once; this one is held open on purpose.
        var gate = new WriteGate(maxGroupAge: TimeSpan.FromMinutes(5));

        var holder = await gate.EnterAsync(CancellationToken.None);
        var lastMayCommit = new TaskCompletionSource();
        var first = WriteAsync(db, gate, "first", commit: true);
        await QueuedAsync(gate, 1);
        var failing = WriteAsync(db, gate, "failing", commit: false);
        await QueuedAsync(gate, 2);
        var last = WriteAsync(db, gate, "last", commit: true, beforeCommit: lastMayCommit.Task);
        await QueuedAsync(gate, 3);
        holder.Dispose();

        await failing;
        // The first writer's work is done, but the group it started is still open on the last one: no answer yet.
        await Task.Delay(200);
        Assert.False(first.IsCompleted, "a member was answered before the group's commit");
        Assert.Empty(await CommittedAsync(db));

        lastMayCommit.SetResult();
        await Task.WhenAll(first, last);
        Assert.Equal(["first", "last"], await CommittedAsync(db));
        Assert.Null(gate.Group);
    }

    [SqliteFact("PostgreSQL commits every write alone")]
    public async Task AWriterThatGivesUpWaitingForItsTurnLeavesTheGroupItWouldHaveJoinedToCommit()
    {
        await using var app = new StatementTrackerApplication();
        await using var db = await ProbeDatabaseAsync(app);
        var gate = new WriteGate();

        var holder = await gate.EnterAsync(CancellationToken.None);
        var first = WriteAsync(db, gate, "first", commit: true);
        await QueuedAsync(gate, 1);
        using var giveUp = new CancellationTokenSource();
        var impatient = WriteAsync(db, gate, "impatient", commit: true, ct: giveUp.Token);
        await QueuedAsync(gate, 2);
        var last = WriteAsync(db, gate, "last", commit: true);
        await QueuedAsync(gate, 3);
        giveUp.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient);
        holder.Dispose();

        await Task.WhenAll(first, last);
        Assert.Equal(["first", "last"], await CommittedAsync(db));
    }

    [SqliteFact("PostgreSQL commits every write alone")]
    public async Task AGroupPastItsAgeCommitsAndTheNextWriterStartsAnother()
    {
        await using var app = new StatementTrackerApplication();
        await using var db = await ProbeDatabaseAsync(app);
        var gate = new WriteGate(maxGroupAge: TimeSpan.Zero);

        var holder = await gate.EnterAsync(CancellationToken.None);
        var firstMayCommit = new TaskCompletionSource();
        var first = WriteAsync(db, gate, "first", commit: true, beforeCommit: firstMayCommit.Task);
        await QueuedAsync(gate, 1);
        var second = WriteAsync(db, gate, "second", commit: true);
        await QueuedAsync(gate, 2);
        holder.Dispose();
        await QueuedAsync(gate, 1);

        // The first writer's group is past its age: it commits before the second writer gets the slot.
        firstMayCommit.SetResult();
        await first;
        Assert.Contains("first", await CommittedAsync(db));
        await second;
        Assert.Equal(["first", "second"], await CommittedAsync(db));
    }

    [SqliteFact("PostgreSQL commits every write alone")]
    public async Task ALoneWriterWritesOnItsOwnConnectionWithoutAGroup()
    {
        await using var app = new StatementTrackerApplication();
        await using var db = await ProbeDatabaseAsync(app);
        var gate = new WriteGate();
        await using var session = new DbSession(db, gate);
        var own = await session.ConnectionAsync();

        await using (var write = await session.BeginWriteAsync())
        {
            Assert.Null(gate.Group);
            Assert.Same(own, await session.ConnectionAsync());
            await session.ExecuteAsync("INSERT INTO group_commit_probe (name) VALUES ('alone')", null, CancellationToken.None);
            await write.CommitAsync();
        }
        Assert.Equal(["alone"], await CommittedAsync(db));
    }

    /// <summary>Through HTTP, on both engines: many POSTs at once, some of which fail inside the write.</summary>
    [Fact]
    public async Task ConcurrentPostsWithFailuresAmongThemEachGetTheirOwnAnswerAndOnlyTheGoodOnesAreKept()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        var answers = new ConcurrentBag<(int N, HttpStatusCode Status, JsonObject? Body, string? ETag)>();

        await Task.WhenAll(Enumerable.Range(0, 48).Select(n => Task.Run(async () =>
        {
            // Every third names a person who does not exist: a 422 found inside the write, after the gate.
            var person = n % 3 == 2 ? "nobody-at-all" : "donald-j-trump";
            var response = await client.PostAsJsonAsync("/v1/statements", new
            {
                person,
                quote = $"Statement number {n}.",
                saidAt = $"2017-07-{n % 28 + 1:D2}",
                medium = "tweet",
                sources = new[] { new { url = $"https://example.org/{n}" } },
            });
            var body = response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject() : null;
            answers.Add((n, response.StatusCode, body, response.Headers.ETag?.ToString()));
        })));

        Assert.All(answers, a => Assert.Equal(a.N % 3 == 2 ? HttpStatusCode.UnprocessableEntity : HttpStatusCode.Created, a.Status));
        foreach (var (n, _, body, etag) in answers.Where(a => a.Body is not null))
        {
            Assert.Equal($"Statement number {n}.", body!["quote"]!.GetValue<string>());
            Assert.Equal(1, body["revision"]!.GetValue<long>());
            Assert.Equal("\"1\"", etag);
            // Answered once durable: another connection reads it at once.
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/statements/{body["id"]}")).StatusCode);
        }
        var timeline = await client.GetJsonAsync("/v1/people/donald-j-trump/timeline?limit=100");
        Assert.Equal(32, timeline["items"]!.AsArray().Count);
    }

    /// <summary>The application's database, migrated (its first request), with a table for the writes of these tests.</summary>
    private static async Task<Db> ProbeDatabaseAsync(StatementTrackerApplication app)
    {
        await app.CreateClient().GetJsonAsync("/health");
        var db = new Db(app.ConnectionString);
        await using var connection = await db.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE group_commit_probe (name TEXT NOT NULL)";
        await command.ExecuteNonQueryAsync();
        return db;
    }

    /// <summary>
    /// A bulk write (a restore, a rebuild) never joins a group: when the writer before it left one open, it commits
    /// that group first. Before, it waited out SQLite's 30 s busy timeout for the group's write lock, then failed, and
    /// the group's writers waited with it.
    /// </summary>
    [SqliteFact("PostgreSQL commits every write alone")]
    public async Task ABulkWriteBehindAnOpenGroupCommitsThatGroupAndThenWritesOnItsOwn()
    {
        await using var app = new StatementTrackerApplication();
        await using var db = await ProbeDatabaseAsync(app);
        var gate = new WriteGate(maxGroupAge: TimeSpan.FromMinutes(5));

        var holder = await gate.EnterAsync(CancellationToken.None);
        var member = WriteAsync(db, gate, "member", commit: true);
        await QueuedAsync(gate, 1);
        var bulk = BulkWriteAsync(db, gate, "bulk");
        await QueuedAsync(gate, 2);
        holder.Dispose();

        await Task.WhenAll(member, bulk).WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(["member", "bulk"], await CommittedAsync(db));
        Assert.Null(gate.Group);
    }

    private static async Task BulkWriteAsync(Db db, WriteGate gate, string name)
    {
        await using var session = new DbSession(db, gate);
        await using var write = await session.BeginBulkWriteAsync();
        await session.ExecuteAsync("INSERT INTO group_commit_probe (name) VALUES (@name)", new { name }, CancellationToken.None);
        await write.CommitAsync();
    }

    /// <summary>A write of one row by a session of its own, as a request makes it; rolled back when <paramref name="commit"/> is false.</summary>
    private static async Task WriteAsync(Db db, WriteGate gate, string name, bool commit, Task? beforeCommit = null, CancellationToken ct = default)
    {
        await using var session = new DbSession(db, gate);
        await using var write = await session.BeginWriteAsync(ct);
        await session.ExecuteAsync("INSERT INTO group_commit_probe (name) VALUES (@name)", new { name }, CancellationToken.None);
        if (beforeCommit is not null) await beforeCommit;
        if (commit) await write.CommitAsync();
    }

    private static async Task QueuedAsync(WriteGate gate, int writers)
    {
        for (var i = 0; i < 500 && gate.Waiting != writers; i++) await Task.Delay(10);
        Assert.Equal(writers, gate.Waiting);
    }

    private static async Task<List<string>> CommittedAsync(Db db)
    {
        await using var connection = await db.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM group_commit_probe ORDER BY rowid";
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }
}
