namespace StatementTracker.Api.Tests.Positions;

/// <summary>Setting up people, topics and statements with stances in a line each.</summary>
public static class PositionsTestData
{
    public static async Task TopicAsync(this HttpClient client, string slug, string? parent = null) =>
        await client.PostJsonAsync("/v1/topics", new { name = slug.Replace('-', ' '), slug, parent });

    /// <summary>Records a statement of <paramref name="person"/> taking <paramref name="stance"/> on <paramref name="topic"/>; returns its id.</summary>
    public static async Task<string> StanceAsync(this HttpClient client, string person, string saidAt, string topic, string stance)
    {
        var statement = await client.PostJsonAsync("/v1/statements", new
        {
            person,
            quote = $"On {topic}: {stance}.",
            saidAt,
            medium = "interview",
            sources = new[] { new { url = "https://example.org/transcript" } },
            positions = new[] { new { topic, stance } },
        });
        return statement.Id();
    }
}
