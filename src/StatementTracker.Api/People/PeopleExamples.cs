namespace StatementTracker.Api.People;

/// <summary>Examples for the OpenAPI document, taken from the demo story.</summary>
public static class PeopleExamples
{
    private static readonly DateTime Created = new(2026, 11, 26, 9, 0, 0, DateTimeKind.Utc);

    public static readonly CreatePersonRequest CreateTrump = new(
        "Donald J. Trump", null, ["Donald Trump", "@realDonaldTrump"], "45th President of the United States", "Q22686");

    public static readonly Person Trump = new(
        "donald-j-trump", "Donald J. Trump", ["Donald Trump", "@realDonaldTrump"], "45th President of the United States", "Q22686", Created, Created, 1);

    public static readonly PersonRef TrumpRef = new("donald-j-trump", "Donald J. Trump");
}
