using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using StatementTracker.Api.Auth;

namespace StatementTracker.Api.Tests.Nodes;

/// <summary>
/// Two service nodes on one PostgreSQL database, sharing nothing else: node A in this process, node B a process of
/// its own (the built service, as a second machine behind a load balancer would run it). What one node writes, the
/// other reads at once; an ETag taken on one node guards a write on the other; a key revoked on one is refused by both.
/// </summary>
public sealed class TwoNodeTests : IAsyncLifetime
{
    private StatementTrackerApplication _a = null!;
    private ServiceProcess _b = null!;

    private HttpClient A => _a.CreateClient();
    private HttpClient B => _b.Client;

    public async Task InitializeAsync()
    {
        if (!TestDatabase.IsPostgres) return;
        _a = new StatementTrackerApplication();
        await A.GetJsonAsync("/health");
        // The same bootstrap key on both nodes, as one deployment's configuration would give them.
        _b = await ServiceProcess.StartAsync(_a.DatabasePath, _a.AdminKey);
    }

    public async Task DisposeAsync()
    {
        if (!TestDatabase.IsPostgres) return;
        await _b.DisposeAsync();
        await _a.DisposeAsync();
    }

    [PostgresFact]
    public async Task AWriteThroughOneNodeIsReadThroughTheOtherAtOnce()
    {
        await A.CreatePersonAsync("Donald J. Trump");
        var statement = await A.CreateStatementAsync("donald-j-trump", "2017-07-09T19:45:00-05:00", "We discussed forming an impenetrable Cyber Security unit.");

        using var onA = await A.GetAsync($"/v1/statements/{statement.Id()}");
        using var onB = await B.GetAsync($"/v1/statements/{statement.Id()}");

        Assert.Equal(HttpStatusCode.OK, onB.StatusCode);
        Assert.Equal(await onA.Content.ReadAsStringAsync(), await onB.Content.ReadAsStringAsync());
        Assert.Equal(onA.Headers.ETag, onB.Headers.ETag);
        // A change on B is what A serves next, with the ETag that goes with it.
        using var patch = await B.PatchJsonAsync($"/v1/statements/{statement.Id()}", """{"summary":"The cyber unit."}""");
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.Equal("The cyber unit.", (await A.GetJsonAsync($"/v1/statements/{statement.Id()}")).Str("summary"));
        Assert.Equal(await B.EtagOfAsync($"/v1/statements/{statement.Id()}"), await A.EtagOfAsync($"/v1/statements/{statement.Id()}"));
        Assert.NotEqual(onA.Headers.ETag?.ToString(), await A.EtagOfAsync($"/v1/statements/{statement.Id()}"));
        Assert.Contains("Cyber", (await B.GetJsonAsync("/v1/statements?q=cyber"))["items"]!.AsArray().Single()!.Str("quote"));
    }

    [PostgresFact]
    public async Task TwoEditorsOnDifferentNodesWithTheSameEtagGetOneSuccessAndOnePreconditionFailed()
    {
        await A.CreatePersonAsync("Donald J. Trump");
        var statement = await A.CreateStatementAsync("donald-j-trump", "2017-07-09");
        var url = $"/v1/statements/{statement.Id()}";
        var etag = await A.EtagOfAsync(url);

        // Sent together, many times over, so the two writes really race for the database.
        var statuses = new List<HttpStatusCode>();
        for (var round = 0; round < 5; round++)
        {
            etag = await A.EtagOfAsync(url);
            var both = await Task.WhenAll(Patch(A, $"A{round}"), Patch(B, $"B{round}"));
            statuses.AddRange(both);
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], both.Order());
        }
        var history = (await B.GetJsonAsync($"{url}/revisions"))["items"]!.AsArray();
        Assert.Equal(1 + 5, history.Count);   // the create, then exactly one correction per round

        async Task<HttpStatusCode> Patch(HttpClient client, string summary)
        {
            using var request = new HttpRequestMessage(HttpMethod.Patch, url)
            {
                Content = new StringContent($$"""{"summary":"{{summary}}"}""", Encoding.UTF8, "application/merge-patch+json"),
            };
            request.Headers.TryAddWithoutValidation("If-Match", etag);
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }
    }

    [PostgresFact]
    public async Task AKeyRevokedOnOneNodeIsRefusedByTheOther()
    {
        var key = await _a.CreateKeyAsync(Scopes.Write, "newsroom-bot");
        using var withKey = new HttpClient { BaseAddress = B.BaseAddress };
        withKey.DefaultRequestHeaders.Authorization = new("Bearer", key);
        using (var before = await withKey.PostAsync("/v1/people", Json(new { name = "Marco Rubio" })))
            Assert.Equal(HttpStatusCode.Created, before.StatusCode);

        await using (var scope = _a.Services.CreateAsyncScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<ApiKeyStore>().RevokeAsync("newsroom-bot", CancellationToken.None));

        using var after = await withKey.PostAsync("/v1/people", Json(new { name = "Lindsey Graham" }));
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        using var onA = await _a.CreateClient(key).PostAsync("/v1/people", Json(new { name = "Lindsey Graham" }));
        Assert.Equal(HttpStatusCode.Unauthorized, onA.StatusCode);
    }

    [PostgresFact]
    public async Task WritesFromBothNodesAtOnceAreAllKeptAndTheDerivedReversalsAgree()
    {
        await A.CreatePersonAsync("Donald J. Trump");
        await A.PostJsonAsync("/v1/topics", new { name = "Cyber unit" });
        string[] stances = ["supports", "opposes"];
        // Twenty stances in alternating directions, written half through each node at the same time: every pair of
        // neighbours in time is a reversal, whichever node wrote it.
        var writes = Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? A : B).PostJsonAsync("/v1/statements", new
        {
            person = "donald-j-trump",
            quote = $"Statement {i}.",
            saidAt = $"2017-07-{10 + i:D2}",
            medium = "tweet",
            sources = new[] { new { url = "https://example.org/source" } },
            positions = new[] { new { topic = "cyber-unit", stance = stances[i % 2] } },
        }));
        await Task.WhenAll(writes);

        var onA = await A.GetJsonAsync("/v1/reversals?limit=100");
        var onB = await B.GetJsonAsync("/v1/reversals?limit=100");
        Assert.Equal(19, onA["items"]!.AsArray().Count);
        Assert.Equal(onA.ToJsonString(), onB.ToJsonString());
        Assert.Equal(20, (await B.GetJsonAsync("/v1/people/donald-j-trump/timeline?limit=100"))["items"]!.AsArray().Count);
    }

    [PostgresFact]
    public async Task ANodeThatKeptAReadInItsCacheServesTheOtherNodesWriteAtOnce()
    {
        await A.CreatePersonAsync("Donald J. Trump");
        var statement = await A.CreateStatementAsync("donald-j-trump", "2017-07-09T19:45:00-05:00", "We discussed forming an impenetrable Cyber Security unit.");
        var url = $"/v1/statements/{statement.Id()}";
        using var anonymous = new HttpClient { BaseAddress = B.BaseAddress };
        for (var round = 0; round < 20; round++)
        {
            // B keeps its answers (read twice: made, then served from its cache), then A writes and B is asked at once.
            foreach (var client in new[] { B, anonymous })
            {
                for (var i = 0; i < 2; i++)
                {
                    await client.GetJsonAsync(url);
                    await client.GetJsonAsync("/v1/people/donald-j-trump/timeline");
                    await client.GetJsonAsync("/v1/statements?q=cyber");
                }
            }
            using var patch = await A.PatchJsonAsync(url, $$"""{"summary":"Round {{round}}."}""");
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
            foreach (var client in new[] { B, anonymous })
            {
                Assert.Equal($"Round {round}.", (await client.GetJsonAsync(url)).Str("summary"));
                Assert.Equal($"Round {round}.", (await client.GetJsonAsync("/v1/people/donald-j-trump/timeline"))["items"]![0].Str("summary"));
                Assert.Equal($"Round {round}.", (await client.GetJsonAsync("/v1/statements?q=cyber"))["items"]![0].Str("summary"));
            }
        }
    }

    private static StringContent Json(object body) => new(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
}
