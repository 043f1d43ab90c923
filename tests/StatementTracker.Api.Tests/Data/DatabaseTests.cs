using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using StatementTracker.Api.Data;
using StatementTracker.Api.Tests.Positions;

namespace StatementTracker.Api.Tests.Data;

public class DatabaseTests
{
    [Fact]
    public async Task EveryMigrationIsAppliedAndRecordedOnANewDatabase()
    {
        await using var app = new StatementTrackerApplication();
        var health = await app.CreateClient().GetJsonAsync("/health");

        Assert.Equal("ok", health.Str("status"));
        Assert.Equal(Migrator.Embedded(app.Engine).Count, health["schemaVersion"]!.GetValue<int>());
        await using var connection = app.OpenDatabase();
        Assert.Equal(Migrator.Embedded(app.Engine).Count, Scalar<long>(connection, "SELECT COUNT(*) FROM schema_migrations"));
        if (app.Engine == DatabaseEngine.Sqlite) Assert.Equal("wal", Scalar<string>(connection, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task HealthIsUnavailableWhenTheDatabaseDoesNotAnswer()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.GetJsonAsync("/health");
        await using (var connection = app.OpenDatabase()) Execute(connection, "DROP TABLE schema_migrations");
        SqliteConnection.ClearAllPools();

        var problem = await Problem.AssertAsync(await client.GetAsync("/health"), System.Net.HttpStatusCode.ServiceUnavailable);

        Assert.DoesNotContain("schema_migrations", problem.ToJsonString());
    }

    [Fact]
    public async Task ADatabaseFromTheFirstVersionUpgradesItselfAndKeepsItsData()
    {
        var path = await OldDatabaseAsync(1, old =>
            Execute(old, "INSERT INTO people (id, slug, name, name_folded, created_at, updated_at) VALUES ('per_old', 'marco-rubio', 'Marco Rubio', 'marco rubio', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')"));

        await using var app = new StatementTrackerApplication(databasePath: path);
        var client = app.CreateClient();

        Assert.Equal("Marco Rubio", (await client.GetJsonAsync("/v1/people/marco-rubio")).Str("name"));
        Assert.Equal(Migrator.Embedded(app.Engine).Count, (await client.GetJsonAsync("/health"))["schemaVersion"]!.GetValue<int>());
    }

    [Fact]
    public async Task ReversalsRecordedBeforeTheyWereStoredAreBackfilledOnUpgrade()
    {
        var path = await OldDatabaseAsync(2, old =>
        {
            OldRows.Trump(old);
            OldRows.Topic(old, "top_c", "cyber-unit", "Cyber unit");
            foreach (var (id, saidAt, ms, stance) in new[] { ("st_a", "2017-07-09", 1499558400000L, "supports"), ("st_b", "2017-07-10", 1499644800000L, "opposes"), ("st_c", "2017-07-11", 1499731200000L, "opposes") })
            {
                OldRows.Statement(old, id, saidAt, ms, revision: null);
                Execute(old, $"INSERT INTO statement_positions (statement_id, topic_id, stance) VALUES ('{id}', 'top_c', '{stance}')");
            }
            Execute(old, $"INSERT INTO links (id, statement_id, target_id, relation, created_at) VALUES ('ln_x', 'st_b', 'st_a', 'walks_back', {OldRows.Now})");
        });

        await using var app = new StatementTrackerApplication(databasePath: path);
        var entry = Assert.Single((await app.CreateClient().GetJsonAsync("/v1/reversals"))["items"]!.AsArray())!;

        Assert.Equal(("st_a", "st_b", "half_flip"), (entry["earlier"].Str("id"), entry["later"].Str("id"), entry.Str("flip")));
        Assert.Equal(["link", "stance"], entry["evidence"]!.AsArray().Select(e => e.Str("kind")));
        Assert.Equal("cyber-unit", Assert.Single(entry["topics"]!.AsArray()).Str("slug"));
        var position = Assert.Single((await app.CreateClient().GetJsonAsync("/v1/topics/cyber-unit/positions?asOf=2017-07-10"))["items"]!.AsArray())!;
        Assert.Equal(("opposes", "st_b", "st_b"), (position.Str("stance"), position["statement"].Str("id"), position["since"].Str("id")));
    }

    [Fact]
    public async Task CurrentStancesAreBackfilledOnUpgradeFromTheStancesStored()
    {
        // The version before the migration that adds current_stances, by name: its number may change when branches merge.
        var before = Migrator.Embedded(TestDatabase.Engine).Single(m => m.Name.Contains("current_stances")).Version - 1;
        var path = await OldDatabaseAsync(before, old =>
        {
            OldRows.Trump(old);
            OldRows.Topic(old, "top_c", "cyber-unit", "Cyber unit");
            OldRows.Topic(old, "top_s", "syria", "Syria");
            // Two stances on one day at the same precision: the statement id breaks the tie, as the timeline does.
            foreach (var (id, saidAt, ms, topic, stance) in new[]
                     {
                         ("st_a", "2017-07-09", 1499558400000L, "top_c", "supports"), ("st_b", "2017-07-10", 1499644800000L, "top_c", "opposes"),
                         ("st_d", "2017-07-11", 1499731200000L, "top_c", "opposes"), ("st_c", "2017-07-11", 1499731200000L, "top_c", "opposes"),
                         ("st_e", "2017-07-11", 1499731200000L, "top_s", "undecided"),
                     })
            {
                OldRows.Statement(old, id, saidAt, ms);
                Execute(old, $"INSERT INTO statement_positions (statement_id, topic_id, stance) VALUES ('{id}', '{topic}', '{stance}')");
            }
        });

        await using var app = new StatementTrackerApplication(databasePath: path);
        var positions = (await app.CreateClient().GetJsonAsync("/v1/people/donald-j-trump/positions"))["items"]!.AsArray();

        Assert.Equal([("cyber-unit", "opposes", "st_d", "st_b"), ("syria", "undecided", "st_e", "st_e")],
            positions.Select(p => (p!["topic"].Str("slug"), p.Str("stance"), p["statement"].Str("id"), p["since"].Str("id"))));
        await using var connection = app.OpenDatabase();
        Assert.Equal(2L, Convert.ToInt64(Scalar<object>(connection, "SELECT COUNT(*) FROM current_stances")));
    }

    [Fact]
    public async Task RevisionsRecordedBeforeFactChecksSurviveTheChangeThatAllowsThemAndStayAppendOnly()
    {
        // SQLite rebuilds the revisions table in 0011 to change its CHECK; PostgreSQL alters the constraint in place.
        var path = await OldDatabaseAsync(10, old =>
        {
            Execute(old, "DELETE FROM maintenance_tasks");
            const string now = "'2026-01-01T00:00:00.000Z'";
            Execute(old, $"INSERT INTO people (id, slug, name, name_folded, created_at, updated_at, revision) VALUES ('per_t', 'donald-j-trump', 'Donald J. Trump', 'donald j. trump', {now}, {now}, 1)");
            Execute(old, $"INSERT INTO statements (id, person_id, quote, said_at, date_precision, precision_rank, sort_utc_ms, medium, language, created_at, updated_at, revision) VALUES ('st_a', 'per_t', 'It can''t.', '2017-07-09', 'day', 2, 1499558400000, 'tweet', 'en', {now}, {now}, 2)");
            Execute(old, "INSERT INTO sources (statement_id, position, url) VALUES ('st_a', 0, 'https://example.org')");
            Execute(old, $"""INSERT INTO revisions (seq, entity_type, entity_id, revision, action, recorded_at, recorded_by, snapshot) VALUES (7, 'person', 'per_t', 1, 'create', {now}, 'old-key', '{"{"}"slug":"donald-j-trump","name":"Donald J. Trump"{"}"}')""");
            Execute(old, $"""INSERT INTO revisions (seq, entity_type, entity_id, revision, action, recorded_at, recorded_by, snapshot, person_id, sort_utc_ms, precision_rank, medium) VALUES (8, 'statement', 'st_a', 1, 'create', {now}, 'old-key', '{"{"}"person":"donald-j-trump","quote":"It can not.","saidAt":"2017-07-09","medium":"tweet","language":"en","sources":[],"positions":[]{"}"}', 'per_t', 1499558400000, 2, 'tweet')""");
            Execute(old, $"""INSERT INTO revisions (seq, entity_type, entity_id, revision, action, recorded_at, recorded_by, reason, snapshot, person_id, sort_utc_ms, precision_rank, medium) VALUES (9, 'statement', 'st_a', 2, 'correct', {now}, 'old-key', 'typo', '{"{"}"person":"donald-j-trump","quote":"It can''t.","saidAt":"2017-07-09","medium":"tweet","language":"en","sources":[],"positions":[]{"}"}', 'per_t', 1499558400000, 2, 'tweet')""");
            // Revisions written with these numbers move the counter past them, as a restore does (DumpStore.ResumeIdentitiesAsync);
            // SQLite's AUTOINCREMENT does so by itself.
            if (TestDatabase.IsPostgres) Execute(old, "SELECT setval(pg_get_serial_sequence('revisions', 'seq'), 10, false)");
        });

        await using var app = new StatementTrackerApplication(databasePath: path);
        var client = app.CreateClient();
        var history = (await client.GetJsonAsync("/v1/statements/st_a/revisions"))["items"]!.AsArray();
        var review = await client.PostJsonAsync("/v1/statements/st_a/reviews", new { publisher = new { name = "PolitiFact", url = "https://www.politifact.com" }, rating = "True" });

        Assert.Equal(["create", "correct"], history.Select(h => h.Str("action")));
        Assert.Equal(("old-key", "typo"), (history[1].Str("recordedBy"), history[1].Str("reason")));
        Assert.Equal("exact", (await client.GetJsonAsync("/v1/statements/st_a")).Str("wording"));
        Assert.Equal("create", Assert.Single((await client.GetJsonAsync($"/v1/reviews/{review.Id()}/revisions"))["items"]!.AsArray()).Str("action"));
        await using var connection = app.OpenDatabase();
        // The copy keeps every row where it was, and new revisions follow the old ones.
        Assert.Equal(7, Scalar<long>(connection, "SELECT MIN(seq) FROM revisions"));
        Assert.True(Scalar<long>(connection, "SELECT seq FROM revisions WHERE entity_type = 'review'") > 9);
        Assert.ThrowsAny<System.Data.Common.DbException>(() => Execute(connection, "UPDATE revisions SET reason = 'rewritten' WHERE seq = 9"));
        Assert.ThrowsAny<System.Data.Common.DbException>(() => Execute(connection, "DELETE FROM revisions WHERE seq = 8"));
    }

    [Fact]
    public async Task RestartingOnTheSameDatabaseAppliesNothingTwice()
    {
        string path;
        await using (var first = new StatementTrackerApplication { KeepDatabase = true })
        {
            path = first.DatabasePath;
            await first.CreateClient().CreatePersonAsync("Marco Rubio");
        }
        await using var second = new StatementTrackerApplication(databasePath: path);

        Assert.Single((await second.CreateClient().GetJsonAsync("/v1/people"))["items"]!.AsArray());
        await using var connection = second.OpenDatabase();
        Assert.Equal(Migrator.Embedded(second.Engine).Count, Scalar<long>(connection, "SELECT COUNT(*) FROM schema_migrations"));
    }

    /// <summary>
    /// Each stance keeps a copy of its statement's person and timeline key, which the positions are ranked by. The
    /// service inserts the copy with the stance; a writer that leaves it out or gets it wrong is put right by the
    /// schema, and a correction of the statement moves it.
    /// </summary>
    [Fact]
    public async Task AStanceCarriesItsStatementsPersonAndTimeWhoeverWritesItAndFollowsACorrection()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Ada Lovelace", "ada-lovelace");
        await client.CreatePersonAsync("Bob Dole", "bob-dole");
        foreach (var topic in new[] { "trade", "health", "taxes", "nato" }) await client.TopicAsync(topic);
        var statement = (await client.PostJsonAsync("/v1/statements", new
        {
            person = "ada-lovelace", quote = "Free trade, always.", saidAt = "2017-07-09T19:45:13-05:00", medium = "interview",
            sources = new[] { new { url = "https://example.org/transcript" } }, positions = new[] { new { topic = "trade", stance = "supports" } },
        })).Id();
        await using var connection = app.OpenDatabase();
        string TopicId(string slug) => Scalar<string>(connection, $"SELECT id FROM topics WHERE slug = '{slug}'");
        var bob = Scalar<string>(connection, "SELECT id FROM people WHERE slug = 'bob-dole'");
        Execute(connection, $"INSERT INTO statement_positions (statement_id, topic_id, stance) VALUES ('{statement}', '{TopicId("health")}', 'opposes')");
        Execute(connection, "INSERT INTO statement_positions (statement_id, topic_id, stance, person_id, sort_utc_ms, precision_rank) " +
            $"VALUES ('{statement}', '{TopicId("taxes")}', 'undecided', '{bob}', 5, 0)");
        // Right person and instant, wrong precision: only the last of the three keys differs.
        Execute(connection, "INSERT INTO statement_positions (statement_id, topic_id, stance, person_id, sort_utc_ms, precision_rank) " +
            $"SELECT id, '{TopicId("nato")}', 'opposes', person_id, sort_utc_ms, precision_rank - 1 FROM statements WHERE id = '{statement}'");

        AssertEveryStanceHasItsStatementsKeys(connection, statement, 4);

        var corrected = await client.PatchJsonAsync($"/v1/statements/{statement}", """{"saidAt": "2016", "person": "bob-dole"}""");
        Assert.Equal(System.Net.HttpStatusCode.OK, corrected.StatusCode);
        Assert.Equal(bob, Scalar<string>(connection, $"SELECT person_id FROM statements WHERE id = '{statement}'"));
        AssertEveryStanceHasItsStatementsKeys(connection, statement, 4);
    }

    private static void AssertEveryStanceHasItsStatementsKeys(System.Data.Common.DbConnection connection, string statement, long stances)
    {
        Assert.Equal(stances, Convert.ToInt64(Scalar<object>(connection, $"SELECT COUNT(*) FROM statement_positions WHERE statement_id = '{statement}'")));
        Assert.Equal(stances, Convert.ToInt64(Scalar<object>(connection, $"""
            SELECT COUNT(*)
              FROM statement_positions AS sp
              JOIN statements AS s ON s.id = sp.statement_id
             WHERE sp.statement_id = '{statement}'
               AND sp.person_id = s.person_id AND sp.sort_utc_ms = s.sort_utc_ms AND sp.precision_rank = s.precision_rank
            """)));
    }

    /// <summary>
    /// statements.flags tells a page which statements have or had links, a repeat chain, reversals or fact-checks, so it
    /// reads those only for them. The schema keeps it in step whoever writes: the API's links, corrections and
    /// retractions, and a writer that goes straight to the tables.
    /// </summary>
    [Fact]
    public async Task WhatAStatementHasIsKeptInStepWithItsLinksReversalsAndFactChecksWhoeverWrites()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump", "donald-j-trump");
        await client.TopicAsync("cyber-unit");
        async Task<string> StatementAsync(string saidAt, string? stance) => (await client.PostJsonAsync("/v1/statements", new
        {
            person = "donald-j-trump", quote = $"Said on {saidAt}.", saidAt, medium = "tweet",
            sources = new[] { new { url = "https://example.org/source" } },
            positions = stance is null ? Array.Empty<object>() : [new { topic = "cyber-unit", stance }],
        })).Id();
        var (a, b, c, d) = (await StatementAsync("2017-07-09", "supports"), await StatementAsync("2017-07-10", "opposes"),
            await StatementAsync("2017-07-11", null), await StatementAsync("2017-07-12", null));
        await client.LinkAsync(c, a, "repeats");
        var responds = (await client.LinkAsync(d, b, "responds_to")).Id();
        await client.PostJsonAsync($"/v1/statements/{d}/reviews", new { publisher = new { name = "PolitiFact", url = "https://www.politifact.com" }, rating = "False" });
        await using var connection = app.OpenDatabase();

        // a: repeated (1), linked (2), reversed (4); b: linked, reversed; c: a repeat; d: a link and a fact-check (8).
        AssertFlags(connection, (a, 7), (b, 6), (c, 3), (d, 10));

        // Retracting a link and closing a reversal (b now agrees with a) leave the bits: they say where to look, and the
        // reads they steer find nothing live. So d shows no link, and neither a nor b a reversal.
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await client.RetractAsync($"/v1/statements/{d}/links/{responds}")).StatusCode);
        var corrected = await client.PatchJsonAsync($"/v1/statements/{b}", """{"positions": [{"topic": "cyber-unit", "stance": "supports"}]}""");
        Assert.Equal(System.Net.HttpStatusCode.OK, corrected.StatusCode);
        AssertFlags(connection, (a, 7), (b, 6), (c, 3), (d, 10));
        Assert.Empty((await client.GetJsonAsync($"/v1/statements/{d}"))["links"]!.AsArray());
        Assert.Empty((await client.GetJsonAsync($"/v1/statements/{a}"))["reversals"]!.AsArray());

        // Straight to the tables: a fact-check written and deleted by hand, then the retracted link moved and deleted.
        Execute(connection, "INSERT INTO reviews (id, statement_id, publisher_name, publisher_key, publisher_url, rating, created_at, updated_at) " +
            $"VALUES ('rv_by_hand', '{c}', 'Snopes', 'snopes', 'https://www.snopes.com', 'False', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')");
        AssertFlags(connection, (a, 7), (b, 6), (c, 11), (d, 10));
        Execute(connection, "DELETE FROM reviews WHERE id = 'rv_by_hand'");
        AssertFlags(connection, (a, 7), (b, 6), (c, 3), (d, 10));
        // A row moved to other statements, or deleted, is the one write that clears bits: its ends are worked out again.
        Execute(connection, $"UPDATE links SET statement_id = '{c}' WHERE id = '{responds}'");
        AssertFlags(connection, (a, 7), (b, 6), (c, 3), (d, 8));
        Execute(connection, $"DELETE FROM links WHERE id = '{responds}'");
        AssertFlags(connection, (a, 7), (b, 4), (c, 3), (d, 8));

        // And what the flags steer: c's chain and d's fact-check are still read.
        var shown = await client.GetJsonAsync($"/v1/statements/{c}");
        Assert.Equal((2, a), (shown["repeatCount"]!.GetValue<int>(), shown.Str("firstStatementId")));
        Assert.Single((await client.GetJsonAsync($"/v1/statements/{d}"))["reviews"]!.AsArray());
    }

    [Fact]
    public async Task WhatAStatementHasIsWorkedOutOnUpgradeForTheStatementsStoredBefore()
    {
        // The version before the migration that adds statements.flags, by name: its number may change when branches merge.
        var before = Migrator.Embedded(TestDatabase.Engine).Single(m => m.Name.Contains("statement_flags")).Version - 1;
        var path = await OldDatabaseAsync(before, old =>
        {
            OldRows.Trump(old);
            foreach (var (id, saidAt, ms) in new[] { ("st_a", "2017-07-09", 1499558400000L), ("st_b", "2017-07-10", 1499644800000L), ("st_c", "2017-07-11", 1499731200000L) })
                OldRows.Statement(old, id, saidAt, ms);
            Execute(old, $"INSERT INTO links (id, statement_id, target_id, relation, created_at, revision) VALUES ('ln_r', 'st_b', 'st_a', 'repeats', {OldRows.Now}, 1)");
        });

        await using var app = new StatementTrackerApplication(databasePath: path);
        var timeline = (await app.CreateClient().GetJsonAsync("/v1/people/donald-j-trump/timeline"))["items"]!.AsArray();

        Assert.Equal([("st_a", 2, 1), ("st_b", 2, 1), ("st_c", 1, 0)],
            timeline.Select(s => (s.Str("id"), s!["repeatCount"]!.GetValue<int>(), s["links"]!.AsArray().Count)));
        await using var connection = app.OpenDatabase();
        AssertFlags(connection, ("st_a", 3), ("st_b", 3), ("st_c", 0));
    }

    /// <summary>
    /// statements.parts keeps a statement's sources, topics and stances beside its row, so a page reads them with it.
    /// Every write of the statement writes it; any change to the three tables, whoever makes it, clears it, and a
    /// statement without one is read from the tables: the answer is the same either way.
    /// </summary>
    [Fact]
    public async Task AStatementsPartsDocumentIsWrittenWithItClearedByAnyChangeUnderItAndNeverChangesTheAnswer()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump", "donald-j-trump");
        foreach (var topic in new[] { "russia", "cyber-unit", "elections" }) await client.TopicAsync(topic);
        var id = (await client.PostJsonAsync("/v1/statements", new
        {
            person = "donald-j-trump", quote = "Putin & I discussed forming an impenetrable Cyber Security unit.", saidAt = "2017-07-09T07:45:00-04:00",
            medium = "tweet",
            sources = new object[] { new { url = "https://x.com/realDonaldTrump/status/884016887692234753", title = "Tweet", publisher = "X" }, new { url = "https://example.org/ünïcödé" } },
            positions = new[] { new { topic = "russia", stance = "supports" }, new { topic = "cyber-unit", stance = "supports" } },
            topics = new[] { "elections" },
        })).Id();
        await using var connection = app.OpenDatabase();
        string? Document() => Scalar<object>(connection, $"SELECT parts FROM statements WHERE id = '{id}'") as string;
        async Task<string> ShownAsync() => (await client.GetJsonAsync($"/v1/statements/{id}")).ToJsonString();
        // A write behind the service's back; on PostgreSQL it moves the data version on, as the service's writes do, so
        // the read cache sees it (SQLite's own counter sees any connection's commit).
        void Behind(string sql) => Execute(connection, sql + (app.Engine == DatabaseEngine.Postgres ? "; UPDATE data_version SET version = version + 1" : ""));

        var written = Document();
        Assert.NotNull(written);
        var parts = StatementTracker.Api.Statements.StatementParts.Parse(written);
        Assert.Equal(["https://x.com/realDonaldTrump/status/884016887692234753", "https://example.org/ünïcödé"], parts.Sources.Select(s => s.Url));
        Assert.Equal(["cyber-unit", "russia"], parts.Stances.Select(p => p.Topic));
        var shown = await ShownAsync();
        Behind($"UPDATE statements SET parts = NULL WHERE id = '{id}'");
        Assert.Equal(shown, await ShownAsync());
        // A new statement's document is made from its input; a correction reads it back from the tables: the same.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.PatchJsonAsync($"/v1/statements/{id}", """{"venue": "Bedminster"}""")).StatusCode);
        Assert.Equal(written, Document());

        // Straight to a table: the document goes, and the answer comes from the tables, new source and all.
        Behind($"UPDATE statements SET parts = '{written}' WHERE id = '{id}'");
        Behind($"INSERT INTO sources (statement_id, position, url) VALUES ('{id}', 2, 'https://example.org/added-by-hand')");
        Assert.Null(Document());
        Assert.Contains("added-by-hand", await ShownAsync());
        // Each table and each kind of change clears it.
        foreach (var change in new[]
                 {
                     $"UPDATE sources SET title = 'Retitled' WHERE statement_id = '{id}' AND position = 2",
                     $"DELETE FROM sources WHERE statement_id = '{id}' AND position = 2",
                     $"DELETE FROM statement_topics WHERE statement_id = '{id}'",
                     $"UPDATE statement_positions SET stance = 'opposes' WHERE statement_id = '{id}' AND topic_id = (SELECT id FROM topics WHERE slug = 'russia')",
                 })
        {
            Behind($"UPDATE statements SET parts = '{written}' WHERE id = '{id}'");
            Behind(change);
            Assert.True(Document() is null, change);
        }

        // The next write of the statement writes it again, from what the tables hold now.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.PatchJsonAsync($"/v1/statements/{id}", """{"venue": "Twitter"}""")).StatusCode);
        var again = StatementTracker.Api.Statements.StatementParts.Parse(Document()!);
        Assert.Empty(again.Topics);
        Assert.Equal([("cyber-unit", "supports"), ("russia", "opposes")], again.Stances.Select(p => (p.Topic, p.Stance)));
        shown = await ShownAsync();
        Behind($"UPDATE statements SET parts = NULL WHERE id = '{id}'");
        Assert.Equal(shown, await ShownAsync());

        // A retraction leaves no stance in the tables, and none in the document.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.RetractAsync($"/v1/statements/{id}")).StatusCode);
        Assert.Empty(StatementTracker.Api.Statements.StatementParts.Parse(Document()!).Stances);
    }

    /// <summary>
    /// The documents name topics by slug, which the service never changes; a slug changed at the table clears the
    /// document of every statement about the topic or taking a stance on it, and only theirs.
    /// </summary>
    [Fact]
    public async Task ATopicsSlugChangedAtTheTableClearsTheDocumentsThatNameIt()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump", "donald-j-trump");
        foreach (var topic in new[] { "russia", "elections" }) await client.TopicAsync(topic);
        async Task<string> StatementAsync(object[] positions, string[] topics) => (await client.PostJsonAsync("/v1/statements", new
        {
            person = "donald-j-trump", quote = "Putin & I discussed it.", saidAt = "2017-07-09", medium = "tweet",
            sources = new[] { new { url = "https://example.org/source" } }, positions, topics,
        })).Id();
        var (stance, about, neither) = (await StatementAsync([new { topic = "russia", stance = "supports" }], []),
            await StatementAsync([], ["russia"]), await StatementAsync([], ["elections"]));
        await using var connection = app.OpenDatabase();

        Execute(connection, "UPDATE topics SET slug = 'russia-relations' WHERE slug = 'russia'"
            + (app.Engine == DatabaseEngine.Postgres ? "; UPDATE data_version SET version = version + 1" : ""));

        Assert.Equal([(stance, true), (about, true), (neither, false)], new[] { stance, about, neither }
            .Select(id => (id, Scalar<object>(connection, $"SELECT parts FROM statements WHERE id = '{id}'") is DBNull or null)));
        Assert.Equal("russia-relations", (await client.GetJsonAsync($"/v1/statements/{stance}"))["positions"]![0].Str("topic"));
        Assert.Equal("russia-relations", (await client.GetJsonAsync($"/v1/statements/{about}"))["topics"]![0]!.GetValue<string>());
    }

    /// <summary>TRUNCATE fires no row triggers on PostgreSQL: emptying one of the three tables clears every document.</summary>
    [PostgresFact]
    public async Task EmptyingATableOfStatementPartsOnPostgresClearsEveryDocument()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        await app.CreateClient().GetJsonAsync("/health");
        await using var connection = app.OpenDatabase();
        Assert.Equal(0L, Convert.ToInt64(Scalar<object>(connection, "SELECT COUNT(*) FROM statements WHERE parts IS NULL")));

        Execute(connection, "TRUNCATE statement_topics");

        Assert.Equal(0L, Convert.ToInt64(Scalar<object>(connection, "SELECT COUNT(*) FROM statements WHERE parts IS NOT NULL")));
    }

    /// <summary>--rebuild-reversals, for rows loaded behind the service's back, writes every missing document, the same as the writes made.</summary>
    [Fact]
    public async Task RebuildingWritesEveryMissingPartsDocumentAsTheWritesDid()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        await app.CreateClient().GetJsonAsync("/health");
        await using var connection = app.OpenDatabase();
        var written = StatementTracker.Api.Tests.Dump.DumpTestData.StatementCopies(app);
        Assert.DoesNotContain(written, row => row.EndsWith(" null"));
        Execute(connection, "UPDATE statements SET parts = NULL");

        await app.Services.GetRequiredService<StatementTracker.Api.Maintenance.MaintenanceTasks>().RebuildReversalsAsync();

        Assert.Equal(written, StatementTracker.Api.Tests.Dump.DumpTestData.StatementCopies(app));
    }

    [Fact]
    public async Task EveryStatementsPartsDocumentIsWrittenOnUpgrade()
    {
        // The version before the migration that adds statements.parts, by name: its number may change when branches merge.
        var before = Migrator.Embedded(TestDatabase.Engine).Single(m => m.Name.Contains("statement_parts")).Version - 1;
        var path = await OldDatabaseAsync(before, old =>
        {
            OldRows.Trump(old);
            OldRows.Topic(old, "top_c", "cyber-unit", "Cyber unit");
            foreach (var (id, saidAt, ms) in new[] { ("st_a", "2017-07-09", 1499558400000L), ("st_b", "2017-07-10", 1499644800000L) })
            {
                OldRows.Statement(old, id, saidAt, ms, sourceUrl: $"https://example.org/{id}");
            }
            Execute(old, "INSERT INTO statement_positions (statement_id, topic_id, stance) VALUES ('st_b', 'top_c', 'opposes')");
        });

        await using var app = new StatementTrackerApplication(databasePath: path);
        var timeline = (await app.CreateClient().GetJsonAsync("/v1/people/donald-j-trump/timeline"))["items"]!.AsArray();

        await using var connection = app.OpenDatabase();
        Assert.Equal(0L, Convert.ToInt64(Scalar<object>(connection, "SELECT COUNT(*) FROM statements WHERE parts IS NULL")));
        var b = StatementTracker.Api.Statements.StatementParts.Parse((string)Scalar<object>(connection, "SELECT parts FROM statements WHERE id = 'st_b'"));
        Assert.Equal(("https://example.org/st_b", "cyber-unit", "opposes"), (Assert.Single(b.Sources).Url, Assert.Single(b.Stances).Topic, b.Stances[0].Stance));
        Assert.Equal(["https://example.org/st_a", "https://example.org/st_b"], timeline.Select(s => s!["sources"]![0].Str("url")));
    }

    /// <summary>Each statement's flags are the ones given, and every statement's are what statement_flags works out now.</summary>
    private static void AssertFlags(System.Data.Common.DbConnection connection, params (string Id, long Flags)[] expected)
    {
        foreach (var (id, flags) in expected)
            Assert.Equal((id, flags), (id, Convert.ToInt64(Scalar<object>(connection, $"SELECT flags FROM statements WHERE id = '{id}'"))));
        Assert.Equal(0L, Convert.ToInt64(Scalar<object>(connection,
            "SELECT COUNT(*) FROM statements AS s JOIN statement_flags AS f ON f.id = s.id WHERE s.flags <> f.flags")));
    }

    /// <summary>
    /// A write keeps SQLite's savepoint sub-journal in memory (it went to a temporary file, some 160 writes per POST), and
    /// the connection goes back to the default before anyone else uses it, so reads and migrations never hold their
    /// temporary pages in memory.
    /// </summary>
    [SqliteFact("temp_store is a per-connection pragma in SQLite only")]
    public async Task AWriteKeepsItsSubJournalInMemoryAndItsConnectionGoesBackToTheDefaultForTheNextUser()
    {
        await using var app = new StatementTrackerApplication();
        await app.CreateClient().GetJsonAsync("/health");
        await using var db = new Db(app.ConnectionString);
        var connection = await db.OpenAsync();
        Assert.Equal(0L, Scalar<long>(connection, "PRAGMA temp_store"));

        for (var cycle = 0; cycle < 2; cycle++)
        {
            Assert.Equal(2L, await TempStoreInWriteAsync(db, connection, subJournalInMemory: true));
            await db.ReleaseAsync(connection);
            Assert.Same(connection, await db.OpenAsync());
            Assert.Equal(0L, Scalar<long>(connection, "PRAGMA temp_store"));
        }
        // A bulk write right after an ordinary one on the same connection, before any release, keeps it on disk.
        Assert.Equal(2L, await TempStoreInWriteAsync(db, connection, subJournalInMemory: true));
        Assert.Equal(0L, await TempStoreInWriteAsync(db, connection, subJournalInMemory: false));
        await db.ReleaseAsync(connection);
    }

    /// <summary>
    /// A connection that wrote and was disposed without going back through the release leaves its SQLite handle to
    /// Microsoft.Data.Sqlite's own pool with temp_store at MEMORY; the next connection opened on that handle starts
    /// from the default.
    /// </summary>
    [SqliteFact("temp_store is a per-connection pragma in SQLite only")]
    public async Task AConnectionOpenedOnTheHandleOfOneDisposedAfterAWriteStartsWithTheDefaultTempStore()
    {
        await using var app = new StatementTrackerApplication();
        await app.CreateClient().GetJsonAsync("/health");
        // A timeout of its own makes a pool of its own: no connection of the application's can take the handle between.
        await using var db = new Db(app.ConnectionString + ";Default Timeout=37");
        var connection = (SqliteConnection)await db.OpenAsync();
        Assert.Equal(2L, await TempStoreInWriteAsync(db, connection, subJournalInMemory: true));
        var handle = connection.Handle!.DangerousGetHandle();
        await connection.DisposeAsync();

        await using var next = (SqliteConnection)await db.OpenAsync();

        Assert.Equal(handle, next.Handle!.DangerousGetHandle());
        Assert.Equal(0L, Scalar<long>(next, "PRAGMA temp_store"));
    }

    /// <summary>The temp_store a write on <paramref name="connection"/> runs with; the write is committed.</summary>
    private static async Task<long> TempStoreInWriteAsync(Db db, System.Data.Common.DbConnection connection, bool subJournalInMemory)
    {
        await using var write = await db.BeginWriteAsync(connection, CancellationToken.None, subJournalInMemory);
        await using var command = connection.CreateCommand();
        command.Transaction = write;
        command.CommandText = "PRAGMA temp_store";
        var value = (long)(await command.ExecuteScalarAsync())!;
        await write.CommitAsync();
        return value;
    }

    [SqliteFact("foreign keys are a per-connection pragma in SQLite only")]
    public async Task ConnectionsEnforceForeignKeys()
    {
        await using var app = new StatementTrackerApplication();
        await app.CreateClient().GetJsonAsync("/health");

        await using var connection = await new Db(app.ConnectionString).OpenAsync();

        Assert.Equal(1L, Scalar<long>(connection, "PRAGMA foreign_keys"));
        var ex = Assert.Throws<SqliteException>(() => Execute(connection,
            "INSERT INTO statements (id, person_id, quote, said_at, date_precision, precision_rank, sort_utc_ms, medium, language, created_at, updated_at) VALUES ('st_x', 'per_missing', 'q', '2017', 'year', 0, 0, 'tweet', 'en', 'x', 'x')"));
        Assert.Contains("FOREIGN KEY", ex.Message);
    }

    [Fact]
    public async Task ACancelledTokenStopsAQueryOnAConnectionThatIsAlreadyOpen()
    {
        await using var app = new StatementTrackerApplication();
        await app.CreateClient().GetJsonAsync("/health");
        await using var db = new Db(app.Engine, app.ConnectionString);
        await using var session = new DbSession(db, new WriteGate());
        // Open the connection and a transaction first, so only the query itself can notice the token.
        await using var write = await session.BeginWriteAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            session.QueryAsync<string>("SELECT slug FROM people", null, new CancellationToken(canceled: true)));
        // A live token runs it, inside the pending transaction the session passes along.
        Assert.Empty(await session.QueryAsync<string>("SELECT slug FROM people", null, CancellationToken.None));
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite)]
    [InlineData(DatabaseEngine.Postgres)]
    public void MigrationFilesAreNumberedWithoutGaps(DatabaseEngine engine)
    {
        var files = Directory.GetFiles(RepositoryFiles.PathOf($"db/migrations/{engine.ToString().ToLowerInvariant()}"), "*.sql").Select(Path.GetFileName).Order().ToList();
        Assert.Equal(files.Count, Migrator.Embedded(engine).Count);
        for (var i = 0; i < files.Count; i++) Assert.StartsWith($"{i + 1:D4}_", files[i]);
    }

    [Fact]
    public void EachEngineHasTheSameMigrationsUnderTheSameNumbers()
    {
        Assert.Equal(Migrator.Embedded(DatabaseEngine.Sqlite).Select(m => (m.Version, m.Name)), Migrator.Embedded(DatabaseEngine.Postgres).Select(m => (m.Version, m.Name)));
    }

    [Fact]
    public async Task APostgresServerOutOfReachStopsTheServiceWithOneLineNamingItAndNoPassword()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "StatementTracker.Api.dll");
        var start = new System.Diagnostics.ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        start.Environment["StatementTracker__Database"] = "postgres";
        // Port 1: nothing listens there, so the connection is refused at once.
        start.Environment["ConnectionStrings__StatementTracker"] = "Host=127.0.0.1;Port=1;Database=newsroom;Username=st;Password=hunter2-secret";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var said = await output + await error;

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("Cannot open the PostgreSQL database 127.0.0.1:1/newsroom", said);
        Assert.DoesNotContain("hunter2-secret", said);
        Assert.DoesNotContain("   at ", said);
    }

    /// <summary>
    /// Rows an older version wrote, straight into its tables: Donald J. Trump (per_t), topics, and statements of his said
    /// on a day, each with one source.
    /// </summary>
    private static class OldRows
    {
        public const string Now = "'2026-01-01T00:00:00.000Z'";

        public static void Trump(System.Data.Common.DbConnection old) =>
            Execute(old, $"INSERT INTO people (id, slug, name, name_folded, created_at, updated_at) VALUES ('per_t', 'donald-j-trump', 'Donald J. Trump', 'donald j. trump', {Now}, {Now})");

        public static void Topic(System.Data.Common.DbConnection old, string id, string slug, string name) =>
            Execute(old, $"INSERT INTO topics (id, slug, name, name_folded, created_at, updated_at) VALUES ('{id}', '{slug}', '{name}', '{name.ToLowerInvariant()}', {Now}, {Now})");

        /// <param name="revision">The statement's revision; null for a schema from before revisions were kept.</param>
        public static void Statement(System.Data.Common.DbConnection old, string id, string saidAt, long ms, long? revision = 1, string sourceUrl = "https://example.org")
        {
            var (column, value) = revision is { } r ? (", revision", $", {r}") : ("", "");
            Execute(old, $"INSERT INTO statements (id, person_id, quote, said_at, date_precision, precision_rank, sort_utc_ms, medium, language, created_at, updated_at{column}) " +
                $"VALUES ('{id}', 'per_t', 'q', '{saidAt}', 'day', 2, {ms}, 'tweet', 'en', {Now}, {Now}{value})");
            Execute(old, $"INSERT INTO sources (statement_id, position, url) VALUES ('{id}', 0, '{sourceUrl}')");
        }
    }

    /// <summary>
    /// A database as an older version left it, on the engine the tests run on: the migrations up to
    /// <paramref name="version"/> applied and recorded by hand, then <paramref name="fill"/>'s rows; its file or schema.
    /// </summary>
    private static async Task<string> OldDatabaseAsync(int version, Action<System.Data.Common.DbConnection> fill)
    {
        var database = StatementTrackerApplication.NewDatabase();
        if (!TestDatabase.IsPostgres) Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        await using (System.Data.Common.DbConnection old = TestDatabase.IsPostgres
            ? new Npgsql.NpgsqlConnection(TestDatabase.PostgresConnectionString(database))
            : new SqliteConnection($"Data Source={database}"))
        {
            old.Open();
            Execute(old, "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
            foreach (var migration in Migrator.Embedded(TestDatabase.Engine).Where(m => m.Version <= version))
            {
                Execute(old, migration.Sql);
                Execute(old, $"INSERT INTO schema_migrations VALUES ({migration.Version}, '{migration.Name}', '2026-01-01T00:00:00.000Z')");
            }
            fill(old);
        }
        SqliteConnection.ClearAllPools();
        return database;
    }

    private static void Execute(System.Data.Common.DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static T Scalar<T>(System.Data.Common.DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)command.ExecuteScalar()!;
    }

    [SqliteFact("the backup command copies the SQLite file")]
    public async Task ABackupTakenWhileTheServiceRunsHoldsEveryAcknowledgedWrite()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateClient();
        await client.CreatePersonAsync("Steven Mnuchin");
        var target = Path.Combine(Path.GetTempPath(), "statementtracker-tests", $"backup-{Guid.NewGuid():N}.db");
        var output = new StringWriter();

        var exit = await StatementTracker.Api.Data.Backup.RunAsync(new Db(app.ConnectionString), ["backup", target], output, output);

        try
        {
            Assert.Equal(0, exit);
            Assert.Contains("integrity ok", output.ToString());
            await using var copy = new SqliteConnection($"Data Source={target};Pooling=False");
            copy.Open();
            await using var count = copy.CreateCommand();
            count.CommandText = "SELECT (SELECT COUNT(*) FROM people) || '/' || (SELECT COUNT(*) FROM revisions)";
            await using var live = app.OpenDatabase();
            await using var liveCount = live.CreateCommand();
            liveCount.CommandText = count.CommandText;
            Assert.Equal(await liveCount.ExecuteScalarAsync(), await count.ExecuteScalarAsync());
            Assert.Equal(2, await StatementTracker.Api.Data.Backup.RunAsync(new Db(app.ConnectionString), ["backup", target], output, output));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(target);
        }
    }
}

public class WriteGateTests
{
    [Fact]
    public async Task AWriteThatWouldWaitBeyondTheQueueIsRefusedAndTheNextOneAfterARelease()
    {
        var gate = new WriteGate(maxQueue: 1);
        var holder = await gate.EnterAsync(CancellationToken.None);
        var waiter = gate.EnterAsync(CancellationToken.None);

        await Assert.ThrowsAsync<WriteQueueFullException>(() => gate.EnterAsync(CancellationToken.None));
        holder.Dispose();
        (await waiter).Dispose();
        (await gate.EnterAsync(CancellationToken.None)).Dispose();
    }

    [Fact]
    public async Task AFullQueueIsAServiceUnavailableProblemWithRetryAfter()
    {
        await using var app = new StatementTrackerApplication(settings: new Dictionary<string, string> { ["StatementTracker:WriteQueueLimit"] = "0" });
        var client = app.CreateClient();
        var gate = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<WriteGate>(app.Services);
        // The import worker's start-up recovery writes too: with a queue of 0 it would take the slot from the second POST.
        await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<StatementTracker.Api.Imports.ImportJobs>(app.Services).Recovered;
        using (await gate.EnterAsync(CancellationToken.None))
        {
            var response = await client.PostAsync("/v1/people", new StringContent("""{"name":"Ash Carter"}""", System.Text.Encoding.UTF8, "application/json"));
            await Problem.AssertAsync(response, System.Net.HttpStatusCode.ServiceUnavailable);
            Assert.Equal("1", response.Headers.RetryAfter?.ToString());
        }
        Assert.Equal(System.Net.HttpStatusCode.Created, (await client.PostAsync("/v1/people", new StringContent("""{"name":"Ash Carter"}""", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
    }

    /// <summary>
    /// The import worker's start-up recovery is a write. Finding the write queue full, it waits and tries again: it used
    /// to throw, and a background service that throws stops the host, so the whole service went down (a CI run of the
    /// test above met it when the test took the writer slot before the recovery had run).
    /// </summary>
    [Fact]
    public async Task AnImportRecoveryThatFindsTheWriteQueueFullWaitsForItAndTheServiceStaysUp()
    {
        await using var configured = new StatementTrackerApplication(settings: new Dictionary<string, string> { ["StatementTracker:WriteQueueLimit"] = "0" });
        // Registered before the import worker, so it holds the writer slot when the worker's recovery asks for it.
        await using var app = configured.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.Insert(0, Microsoft.Extensions.DependencyInjection.ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, SlotHolder>())));
        var client = app.CreateClient();

        var recovered = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<StatementTracker.Api.Imports.ImportJobs>(app.Services).Recovered;

        Assert.Equal(0, await recovered.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(System.Net.HttpStatusCode.Created, (await client.PostAsync("/v1/people", new StringContent("""{"name":"Ash Carter"}""", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
    }

    /// <summary>Takes the writer slot as the host starts and gives it back a second and a half later.</summary>
    private sealed class SlotHolder(WriteGate gate) : Microsoft.Extensions.Hosting.IHostedService
    {
        public async Task StartAsync(CancellationToken ct)
        {
            var slot = await gate.EnterAsync(ct);
            _ = Task.Delay(TimeSpan.FromSeconds(1.5)).ContinueWith(_ => slot.Dispose(), TaskScheduler.Default);
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
