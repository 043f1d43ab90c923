using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using StatementTracker.Api.Infrastructure;

namespace StatementTracker.Api.Topics;

/// <summary>A topic to add.</summary>
/// <param name="Name">What the topic is called, e.g. "US-Russia cyber security unit".</param>
/// <param name="Slug">The topic's id in URLs; made from the name when absent.</param>
/// <param name="Description">What belongs under the topic.</param>
/// <param name="Parent">The slug of the broader topic this one belongs to, e.g. "foreign-policy".</param>
public sealed record CreateTopicRequest(
    [property: Required, MaxLength(200)] string? Name,
    [property: MaxLength(Slug.MaxLength), RegularExpression("^[a-z0-9]+(-[a-z0-9]+)*$")] string? Slug = null,
    [property: MaxLength(2000)] string? Description = null,
    string? Parent = null);

/// <summary>A JSON merge patch of a topic: fields left out stay, fields set to null are cleared. The slug cannot change; a parent that would make a cycle is a 422.</summary>
public sealed record UpdateTopicRequest(string? Name, string? Description, string? Parent);

/// <summary>A topic on which people take stances.</summary>
/// <param name="Parent">The slug of the broader topic, or null at the top of the hierarchy.</param>
/// <param name="Revision">How many times the topic was written; its ETag is this number in quotes.</param>
public sealed record Topic(string Slug, string Name, string? Description, string? Parent, DateTime CreatedAt, DateTime UpdatedAt, long Revision);

/// <summary>The short form of a topic that positions and reversals carry.</summary>
public sealed record TopicRef(string Slug, string Name);

/// <summary>Query parameters of the topic list.</summary>
public sealed record TopicsQuery
{
    [Description("Matches topic names, ignoring case and accents.")] public string? Q { get; init; }
    [Description("Only the direct sub-topics of this topic.")] public string? Parent { get; init; }
    [Description("Page size, 1 to 200."), DefaultValue(50), Range(1, 200)] public long? Limit { get; init; }
    [Description("nextCursor from the previous page.")] public string? Cursor { get; init; }
}

/// <summary>A topic that passed validation, ready to store.</summary>
public sealed record TopicInput(string Name, string Slug, string? Description, string? Parent);

public static class TopicRules
{
    public static TopicInput? Validate(CreateTopicRequest request, ValidationErrors errors)
    {
        var name = errors.RequiredText("name", request.Name, 200);
        var slug = Slug.Resolve(request.Slug, name, errors);
        var description = errors.OptionalText("description", request.Description, 2000, multiline: true);
        var parent = errors.OptionalText("parent", request.Parent, Slug.MaxLength);
        return errors.Any ? null : new TopicInput(name!, slug!, description, parent);
    }
}
