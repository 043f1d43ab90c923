using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace StatementTracker.Api.Tests.Imports;

/// <summary>Uploads an import and waits for its job, as a client that wants the answer in one request does.</summary>
public static class ImportClient
{
    public static Task<JsonObject> ImportAsync(this HttpClient client, string body, string query = "", string contentType = "application/x-ndjson") =>
        client.ImportAsync(Encoding.UTF8.GetBytes(body), query, contentType);

    public static async Task<JsonObject> ImportAsync(this HttpClient client, byte[] body, string query = "", string contentType = "application/x-ndjson")
    {
        var response = await client.SendAsync(Upload(body, query, contentType, wait: 60));
        var job = await response.ReadAsync(HttpStatusCode.Created);
        Assert.Equal("succeeded", job.Str("status"));
        return job;
    }

    public static HttpRequestMessage Upload(byte[] body, string query, string contentType, int? wait)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/imports{(query.Length > 0 ? "?" + query : "")}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (wait is { } seconds) request.Headers.TryAddWithoutValidation("Prefer", $"wait={seconds}");
        return request;
    }

    public static long Count(this JsonObject job, string type, string what) => job["byType"]?[type]?[what]?.GetValue<long>() ?? 0;

    public static long Number(this JsonObject job, string name) => job[name]!.GetValue<long>();

    /// <summary>Every problem the job kept, from its errors resource.</summary>
    public static async Task<List<JsonObject>> ProblemsAsync(this HttpClient client, JsonObject job) =>
        await client.AllPagesAsync($"/v1/imports/{job.Id()}/errors", limit: 200);
}
