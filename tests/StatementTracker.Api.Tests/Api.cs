using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StatementTracker.Api.Tests;

/// <summary>Small helpers that make test bodies read like the story they tell.</summary>
public static class Api
{
    public static async Task<JsonObject> PostJsonAsync(this HttpClient client, string url, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await client.PostAsJsonAsync(url, body);
        return await response.ReadAsync(expected);
    }

    public static async Task<JsonObject> GetJsonAsync(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(url);
        return await response.ReadAsync(expected);
    }

    /// <summary>A merge patch sent the way an editor sends one: with If-Match from a fresh GET of the record it changes.</summary>
    public static async Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string url, string json, string contentType = "application/merge-patch+json")
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, url) { Content = new StringContent(json, Encoding.UTF8, contentType) };
        if (await client.EtagOfAsync(RecordOf(url)) is { } etag) request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await client.SendAsync(request);
    }

    /// <summary>A DELETE (a retraction) with its reason and If-Match from a fresh GET of the record it retracts.</summary>
    public static async Task<HttpResponseMessage> RetractAsync(this HttpClient client, string url, string reason = "Recorded in error.")
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, $"{url}{(url.Contains('?') ? '&' : '?')}reason={Uri.EscapeDataString(reason)}");
        if (await client.EtagOfAsync(RecordOf(url)) is { } etag) request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await client.SendAsync(request);
    }

    /// <summary>The URL a write's record is read from: without the write's own query (?reason=...), which a read refuses.</summary>
    private static string RecordOf(string url) => url.Split('?')[0];

    /// <summary>The ETag a GET of <paramref name="url"/> answers with; null when it answers none.</summary>
    public static async Task<string?> EtagOfAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        return response.Headers.ETag?.ToString();
    }

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string url, string body, string contentType = "application/json") =>
        client.PostAsync(url, new StringContent(body, Encoding.UTF8, contentType));

    public static async Task<JsonObject> ReadAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} but got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<JsonObject> CreatePersonAsync(this HttpClient client, string name, string? slug = null) =>
        await client.PostJsonAsync("/v1/people", new { name, slug });

    /// <summary>Records a statement with a valid source and medium unless told otherwise; returns it as served.</summary>
    public static async Task<JsonObject> CreateStatementAsync(this HttpClient client, string person, string saidAt,
        string quote = "We will build the unit.", string medium = "tweet", string? externalId = null)
    {
        return await client.PostJsonAsync("/v1/statements", new
        {
            person,
            quote,
            saidAt,
            medium,
            externalId,
            sources = new[] { new { url = "https://example.org/source" } },
        });
    }

    public static async Task<JsonObject> LinkAsync(this HttpClient client, string from, string to, string relation) =>
        await client.PostJsonAsync($"/v1/statements/{from}/links", new { target = to, relation });

    public static string Id(this JsonObject json) => json["id"]!.GetValue<string>();

    public static string Str(this JsonNode? node, string name) => node![name]!.GetValue<string>();

    public static List<string> Ids(this JsonObject page) => page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();

    /// <summary>Every item of a paged list, walking nextCursor to the end.</summary>
    public static async Task<List<JsonObject>> AllPagesAsync(this HttpClient client, string url, int limit)
    {
        var items = new List<JsonObject>();
        string? cursor = null;
        var separator = url.Contains('?') ? '&' : '?';
        do
        {
            var page = await client.GetJsonAsync($"{url}{separator}limit={limit}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            items.AddRange(page["items"]!.AsArray().Select(i => i!.AsObject()));
            cursor = page["nextCursor"]?.GetValue<string>();
        } while (cursor is not null);
        return items;
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
