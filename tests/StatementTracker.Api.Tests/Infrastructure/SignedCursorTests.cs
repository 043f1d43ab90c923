using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using StatementTracker.Api.Infrastructure;

namespace StatementTracker.Api.Tests.Infrastructure;

/// <summary>
/// Cursors are signed: the one nextCursor handed out walks the list, and anything else (made by hand, changed,
/// cut short, lengthened) is refused with advice to start again from the first page, instead of paging from
/// wherever it happens to point.
/// </summary>
public class SignedCursorTests
{
    private static readonly string[] Names = ["Ash Carter", "Ben Cardin", "Cory Gardner", "Dan Coats", "Ed Markey"];

    [Fact]
    public async Task ARealCursorWalksEveryPageOnce()
    {
        await using var app = new StatementTrackerApplication();
        var client = await WithPeopleAsync(app);

        var walked = await client.AllPagesAsync("/v1/people", limit: 2);

        Assert.Equal(Names.Select(Slug), walked.Select(p => p.Str("slug")));
    }

    [Theory]
    [InlineData("altered")]
    [InlineData("cut short")]
    [InlineData("cut by one character")]
    [InlineData("lengthened")]
    [InlineData("padded")]
    [InlineData("with a space")]
    public async Task ACursorChangedInAnyWayIsRefused(string change)
    {
        await using var app = new StatementTrackerApplication();
        var client = await WithPeopleAsync(app);
        var cursor = await FirstCursorAsync(client);
        var changed = change switch
        {
            "altered" => cursor[..10] + (cursor[10] == 'A' ? 'B' : 'A') + cursor[11..],
            "cut short" => cursor[..(cursor.Length / 2)],
            "cut by one character" => cursor[..^1],
            "lengthened" => cursor + "AA",
            "padded" => cursor + "==",
            _ => cursor + " ",
        };

        var response = await client.GetAsync($"/v1/people?limit=1&cursor={Uri.EscapeDataString(changed)}");

        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "cursor", "start again from the first page by leaving cursor out");
    }

    [Fact]
    public async Task ACursorWithAPercentSignAppendedIsRefused()
    {
        await using var app = new StatementTrackerApplication();
        var client = await WithPeopleAsync(app);
        var cursor = await FirstCursorAsync(client);

        var response = await client.GetAsync($"/v1/people?limit=1&cursor={cursor}%");

        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "cursor", "start again from the first page");
    }

    [Theory]
    [InlineData("""{"List":"people","Key":{"AfterSlug":"ben-cardin"}}""", false)]
    [InlineData("""{"List":"people","Key":{"AfterSlug":"ben-cardin"}}""", true)]
    public async Task ACursorMadeByHandIsRefused(string json, bool withAMadeUpSignature)
    {
        await using var app = new StatementTrackerApplication();
        var client = await WithPeopleAsync(app);
        // The unsigned form cursors had before, and the signed form with a signature from a key of the client's own.
        var bytes = Encoding.UTF8.GetBytes(json);
        if (withAMadeUpSignature)
        {
            byte[] signed = [1, .. bytes];
            bytes = [.. signed, .. HMACSHA256.HashData(RandomNumberGenerator.GetBytes(32), signed)[..16]];
        }

        var response = await client.GetAsync($"/v1/people?limit=1&cursor={Base64Url.EncodeToString(bytes)}");

        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "cursor", Cursor.Forged);
    }

    [Fact]
    public async Task ACursorFromAnotherListIsRefused()
    {
        await using var app = new StatementTrackerApplication();
        var client = await WithPeopleAsync(app);
        await client.PostJsonAsync("/v1/topics", new { name = "Trade" });
        var cursor = await FirstCursorAsync(client);

        var response = await client.GetAsync($"/v1/topics?cursor={Uri.EscapeDataString(cursor)}");

        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "cursor", Cursor.OtherList);
    }

    [Fact]
    public async Task ACursorStillWorksAfterTheServiceRestarts()
    {
        var path = StatementTrackerApplication.NewDatabase();
        string cursor;
        await using (var app = new StatementTrackerApplication(databasePath: path) { KeepDatabase = true })
            cursor = await FirstCursorAsync(await WithPeopleAsync(app));

        await using var restarted = new StatementTrackerApplication(databasePath: path);
        var page = await restarted.CreateClient().GetJsonAsync($"/v1/people?limit=1&cursor={Uri.EscapeDataString(cursor)}");

        Assert.Equal([Slug(Names[1])], page["items"]!.AsArray().Select(p => p.Str("slug")));
        await using var connection = restarted.OpenDatabase();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM settings WHERE name = 'cursor_key'";
        Assert.Equal(CursorKey.MinBytes, Convert.FromBase64String((string)(await command.ExecuteScalarAsync())!).Length);
    }

    [Fact]
    public async Task ServicesWithTheSameConfiguredKeyReadEachOthersCursorsAndOthersDoNot()
    {
        var key = new Dictionary<string, string> { ["StatementTracker:CursorKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };
        await using var first = new StatementTrackerApplication(settings: key);
        await using var second = new StatementTrackerApplication(settings: key);
        await using var stranger = new StatementTrackerApplication();
        var cursor = await FirstCursorAsync(await WithPeopleAsync(first));
        await WithPeopleAsync(second);
        await WithPeopleAsync(stranger);
        var url = $"/v1/people?limit=1&cursor={Uri.EscapeDataString(cursor)}";

        Assert.Equal([Slug(Names[1])], (await second.CreateClient().GetJsonAsync(url))["items"]!.AsArray().Select(p => p.Str("slug")));
        await Problem.AssertFieldAsync(await stranger.CreateClient().GetAsync(url), HttpStatusCode.BadRequest, "cursor", Cursor.Forged);
    }

    [Theory]
    [InlineData("c2hvcnQ=")]
    [InlineData("not base64 at all")]
    public void AConfiguredKeyThatIsTooShortOrNotBase64StopsTheServiceAtStartUp(string value)
    {
        using var app = new StatementTrackerApplication(settings: new Dictionary<string, string> { ["StatementTracker:CursorKey"] = value });

        var failure = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("StatementTracker:CursorKey", failure.ToString());
    }

    private static string Slug(string name) => name.ToLowerInvariant().Replace(' ', '-');

    private static async Task<HttpClient> WithPeopleAsync(StatementTrackerApplication app)
    {
        var client = app.CreateClient();
        foreach (var name in Names) await client.CreatePersonAsync(name);
        return client;
    }

    private static async Task<string> FirstCursorAsync(HttpClient client) =>
        (await client.GetJsonAsync("/v1/people?limit=1"))["nextCursor"]!.GetValue<string>();
}
