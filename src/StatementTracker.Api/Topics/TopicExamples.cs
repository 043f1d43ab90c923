namespace StatementTracker.Api.Topics;

/// <summary>Examples for the OpenAPI document, from the demo story.</summary>
public static class TopicExamples
{
    private static readonly DateTime Created = new(2026, 11, 26, 9, 0, 0, DateTimeKind.Utc);

    public static readonly CreateTopicRequest CreateCyberUnit = new(
        "US-Russia cyber security unit", "us-russia-cyber-unit",
        "The joint cyber security unit Trump and Putin discussed at the G20 summit in Hamburg, July 2017.", "foreign-policy");

    public static readonly Topic CyberUnit = new(
        "us-russia-cyber-unit", "US-Russia cyber security unit", CreateCyberUnit.Description, "foreign-policy", Created, Created, 1);

    public static readonly Topic ForeignPolicy = new(
        "foreign-policy", "Foreign policy", "Relations with other countries.", null, Created, Created, 1);

    public static readonly TopicRef CyberUnitRef = new(CyberUnit.Slug, CyberUnit.Name);
}
