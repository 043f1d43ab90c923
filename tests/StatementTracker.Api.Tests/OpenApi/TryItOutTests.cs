using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace StatementTracker.Api.Tests.OpenApi;

/// <summary>
/// Swagger UI's "Try it out" sends the documented request example as it stands, and a newcomer tries it on the demo
/// database first: there it must do what the document says it does.
/// </summary>
public class TryItOutTests
{
    [Fact]
    public async Task TheDocumentedStatementIsRecordedOnTheDemoDatabaseAndAnswersAsDocumented()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateClient();
        var create = JsonNode.Parse(await client.GetStringAsync("/swagger/v1/swagger.json"))!["paths"]!["/v1/statements"]!["post"]!;
        var example = create["requestBody"]!["content"]!["application/json"]!["example"]!.ToJsonString();

        var created = await (await client.PostAsync("/v1/statements", new StringContent(example, Encoding.UTF8, "application/json")))
            .ReadAsync(HttpStatusCode.Created);

        // The documented answer is the one served, but for what each database makes its own: the id (and the page named by it), the times, the key.
        var documented = create["responses"]!["201"]!["content"]!["application/json"]!["example"]!.DeepClone().AsObject();
        foreach (var own in new[] { "id", "firstStatementId", "page", "createdAt", "updatedAt", "recordedBy" })
        {
            documented.Remove(own);
            created.Remove(own);
        }
        Assert.True(JsonNode.DeepEquals(documented, created), $"The documented 201:\n{documented}\nThe answer:\n{created}");
    }

    [Fact]
    public async Task TryingTheDocumentedStatementASecondTimeIsTheDocumented409()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateClient();
        var create = JsonNode.Parse(await client.GetStringAsync("/swagger/v1/swagger.json"))!["paths"]!["/v1/statements"]!["post"]!;
        var example = create["requestBody"]!["content"]!["application/json"]!["example"]!.ToJsonString();
        var first = await (await client.PostAsync("/v1/statements", new StringContent(example, Encoding.UTF8, "application/json")))
            .ReadAsync(HttpStatusCode.Created);

        var again = await (await client.PostAsync("/v1/statements", new StringContent(example, Encoding.UTF8, "application/json")))
            .ReadAsync(HttpStatusCode.Conflict);

        var documented = create["responses"]!["409"]!["content"]!["application/problem+json"]!["example"]!;
        var documentedId = documented.Str("existing").Split('/')[^1];
        Assert.Equal(documented.Str("detail").Replace(documentedId, first.Id()), again.Str("detail"));
        Assert.Equal($"/v1/statements/{first.Id()}", again.Str("existing"));
    }
}
