namespace StatementTracker.Api.Imports;

/// <summary>Examples for the OpenAPI document: a LIAR2 file imported with its mapping, one row of it refused.</summary>
public static class ImportExamples
{
    private static readonly DateTime Sent = new(2026, 11, 30, 9, 0, 0, DateTimeKind.Utc);

    /// <summary>Three lines of NDJSON in the API's own shapes: a topic, a paraphrased claim about it, and PolitiFact's verdict.</summary>
    public const string Ndjson = """
        {"type":"topic","name":"Immigration","slug":"immigration"}
        {"type":"statement","person":"Donald Trump","quote":"Says Mexico will pay for the wall.","wording":"paraphrase","saidAt":"2016-08-31","medium":"speech","externalId":"example:wall-1","sources":[{"url":"https://github.com/chengxuphd/liar2","title":"LIAR2 dataset, test.csv, record 1"}],"topics":["immigration"]}
        {"type":"review","statement":"example:wall-1","externalId":"example:wall-1-review","publisher":{"name":"PolitiFact","url":"https://www.politifact.com"},"rating":"Pants on Fire"}

        """;

    /// <summary>The same claim as CSV: the header names are the fields' JSON paths; topics are separated by semicolons.</summary>
    public const string Csv = """
        person,quote,wording,saidAt,medium,externalId,sources[0].url,sources[0].title,topics
        Donald Trump,Says Mexico will pay for the wall.,paraphrase,2016-08-31,speech,example:wall-1,https://github.com/chengxuphd/liar2,"LIAR2 dataset, test.csv, record 1",immigration

        """;

    /// <summary>A fact-check as ClaimReview JSON-LD, as GET /v1/reviews/{reviewId}/claimreview writes it.</summary>
    public static readonly string ClaimReview = Reviews.ReviewExamples.ClaimReview.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

    public static readonly ImportJob Queued = new(
        "imp_3k5m7p9r1t3v5x7z", "queued", "liar2", true, false, "test.csv", 3_152_896, 0, 0, 0, 0, 0, 0, 0,
        new Dictionary<string, ImportTally>(), [], null, "newsroom-editor", Sent, null, null);

    public static readonly ImportJob Finished = Queued with
    {
        Status = "succeeded", BytesRead = 3_152_896, Records = 4_641, Created = 4_640, Skipped = 535, Errors = 1,
        ByType = new Dictionary<string, ImportTally>
        {
            ["person"] = new(962, 0, 1), ["topic"] = new(155, 0, 0), ["statement"] = new(1_761, 0, 0), ["review"] = new(1_761, 0, 0),
        },
        FirstErrors =
        [
            new ImportProblem(14, "speaker", "the speaker 'facebook posts' is not a person: it names no one in particular, so the row is not imported.", true),
            new ImportProblem(2_297, "", "the record is cut off: a quoted field is not closed before the end of the file.", false),
        ],
        StartedAt = Sent.AddSeconds(1), FinishedAt = Sent.AddSeconds(9),
    };
}
