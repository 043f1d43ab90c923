using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace StatementTracker.Api.Tests.Attacks;

/// <summary>
/// A 201 is a promise: the statement is on disk. The service runs as a real process and is killed with SIGKILL in
/// the middle of a stream of writes (no shutdown, no flush, no finally), then started again on the same database:
/// every statement it acknowledged must be there, and a SQLite file must be a sound SQLite database.
/// </summary>
public class CrashTests(ITestOutputHelper output)
{
    private const int Writers = 4;
    // Sent on every request: ignored today, required once API keys land, and then the process's admin key.
    private const string Key = "stk_crash_test_key_0123456789abcdef";

    private static readonly int Rounds = 3 * AttackScale.Factor;

    [Fact]
    public async Task EveryAcknowledgedWriteSurvivesTheProcessBeingKilled()
    {
        var database = StatementTrackerApplication.NewDatabase();
        if (!TestDatabase.IsPostgres) Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        var acknowledged = new ConcurrentDictionary<string, string>();
        var random = new Random();
        var lost = 0;
        ServiceProcess? service = null;
        try
        {
            service = await ServiceProcess.StartAsync(database, Key);
            await service.Client.PostJsonAsync("/v1/people", new { name = "Donald J. Trump" });

            for (var round = 1; round <= Rounds; round++)
            {
                var before = acknowledged.Count;
                using var stop = new CancellationTokenSource();
                var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(service.Client, $"round {round}, writer {w}", acknowledged, stop.Token))).ToList();
                // The kill comes at a random moment once writes are flowing: a fresh process's first write can take
                // longer than the whole window (more so on PostgreSQL, whose connections open on first use).
                for (var waited = Stopwatch.StartNew(); acknowledged.Count == before && waited.Elapsed < TimeSpan.FromSeconds(20);) await Task.Delay(10);
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(500, 1500)));

                service.Kill();
                stop.Cancel();
                await Task.WhenAll(writers);
                await service.DisposeAsync();

                var clock = Stopwatch.StartNew();
                service = await ServiceProcess.StartAsync(database, Key);
                var restart = clock.Elapsed;
                // Every write acknowledged so far, earlier rounds' too: a later crash must not take back an earlier write.
                var missing = new ConcurrentBag<string>();
                await Parallel.ForEachAsync(acknowledged, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (write, ct) =>
                {
                    using var response = await service.Client.GetAsync($"/v1/statements/{write.Key}", ct);
                    if (response.StatusCode != HttpStatusCode.OK || (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!.Str("quote") != write.Value)
                        missing.Add($"{write.Key} ({(int)response.StatusCode})");
                });
                lost += missing.Count;
                var verify = clock.Elapsed - restart;
                var integrity = IntegrityCheck(database);
                output.WriteLine($"round {round}: {acknowledged.Count - before} writes acknowledged before the kill, {missing.Count} lost, " +
                    $"integrity_check {integrity}; healthy again after {restart.TotalSeconds:0.0} s, {acknowledged.Count} reads in {verify.TotalSeconds:0.0} s");
                Assert.True(missing.Count == 0, $"acknowledged but gone after the restart: {string.Join(", ", missing.Take(20))}");
                Assert.Equal("ok", integrity);
                Assert.True(acknowledged.Count > before, $"round {round} acknowledged no write before the kill, so it proved nothing\n{service.Log}");
            }

            // Killed once more and never restarted: the file as the crash left it, opened by nobody else, is sound too.
            service.Kill();
            await service.DisposeAsync();
            service = null;
            Assert.Equal("ok", IntegrityCheck(database));
        }
        finally
        {
            if (service is not null) await service.DisposeAsync();
            output.WriteLine($"{AttackScale.Describe()}: rounds {Rounds}, acknowledged writes {acknowledged.Count}, writes lost {lost}");
            SqliteConnection.ClearAllPools();
            if (TestDatabase.IsPostgres) TestDatabase.DropSchema(database);
            else
            {
                foreach (var suffix in new[] { "", "-wal", "-shm" })
                {
                    try { File.Delete(database + suffix); } catch (IOException) { }
                }
            }
        }
    }

    /// <summary>Posts statements until stopped or the service dies under it; records each one answered with 201.</summary>
    private static async Task WriteAsync(HttpClient client, string writer, ConcurrentDictionary<string, string> acknowledged, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var quote = $"Statement {n} of {writer}.";
            try
            {
                using var response = await client.PostAsJsonAsync("/v1/statements", new
                {
                    person = "donald-j-trump", quote, saidAt = "2017-07-09", medium = "tweet",
                    sources = new[] { new { url = "https://example.org/source" } },
                }, stop);
                if (response.StatusCode != HttpStatusCode.Created) continue;
                var statement = await response.Content.ReadFromJsonAsync<JsonObject>(stop);
                acknowledged[statement!.Id()] = quote;
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
            {
                // The kill: whatever was in flight was never acknowledged, so it may or may not be there.
                return;
            }
        }
    }

    /// <summary>
    /// PRAGMA integrity_check on a connection of our own, not pooled, so the file is let go at once. PostgreSQL keeps
    /// its own files sound through its write-ahead log; there the check is that the schema still answers.
    /// </summary>
    private static string IntegrityCheck(string database)
    {
        if (TestDatabase.IsPostgres) return TestDatabase.Answers(database) ? "ok" : "no answer";
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }
}
