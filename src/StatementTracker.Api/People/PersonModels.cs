using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using StatementTracker.Api.Infrastructure;

namespace StatementTracker.Api.People;

/// <summary>A person to add. Only <c>name</c> is required; the slug is made from it when absent.</summary>
/// <param name="Name">The name as commonly written, e.g. "Donald J. Trump".</param>
/// <param name="Slug">The person's id in URLs: lower-case ASCII words joined by hyphens. Made from the name when absent.</param>
/// <param name="Aliases">Other names the person is known by; ?q= matches them too.</param>
/// <param name="Description">Who the person is, e.g. "45th President of the United States".</param>
/// <param name="WikidataId">The Wikidata item, "Q" and digits, e.g. "Q22686".</param>
public sealed record CreatePersonRequest(
    [property: Required, MaxLength(200)] string? Name,
    [property: MaxLength(Slug.MaxLength), RegularExpression("^[a-z0-9]+(-[a-z0-9]+)*$")] string? Slug = null,
    [property: MaxLength(PersonRules.MaxAliases)] List<string>? Aliases = null,
    [property: MaxLength(2000)] string? Description = null,
    [property: RegularExpression("^Q[1-9][0-9]{0,11}$")] string? WikidataId = null);

/// <summary>A JSON merge patch of a person: fields left out stay, fields set to null are cleared. The slug cannot change.</summary>
public sealed record UpdatePersonRequest(string? Name, List<string>? Aliases, string? Description, string? WikidataId);

/// <summary>A person whose statements are tracked.</summary>
/// <param name="Slug">The person's id in URLs.</param>
/// <param name="Revision">How many times the person was written; the ETag is this number in quotes.</param>
public sealed record Person(string Slug, string Name, IReadOnlyList<string> Aliases, string? Description, string? WikidataId, DateTime CreatedAt, DateTime UpdatedAt, long Revision)
{
    /// <summary>The person's page for people to read, relative to this service: /people/{slug}.</summary>
    public string Page => $"/people/{Slug}";
}

/// <summary>The short form of a person that statements and links carry.</summary>
public sealed record PersonRef(string Slug, string Name);

/// <summary>Query parameters of the people list.</summary>
public sealed record PeopleQuery
{
    [Description("Matches names and aliases, ignoring case and accents.")] public string? Q { get; init; }
    [Description("Page size, 1 to 200."), DefaultValue(50), Range(1, 200)] public long? Limit { get; init; }
    [Description("nextCursor from the previous page.")] public string? Cursor { get; init; }
}

/// <summary>A person that passed validation, ready to store.</summary>
public sealed record PersonInput(string Name, string Slug, IReadOnlyList<string> Aliases, string? Description, string? WikidataId);

public static partial class PersonRules
{
    public const int MaxAliases = 50;

    [GeneratedRegex("^Q[1-9][0-9]{0,11}$")]
    private static partial Regex WikidataId();

    public static PersonInput? Validate(CreatePersonRequest request, ValidationErrors errors)
    {
        var name = errors.RequiredText("name", request.Name, 200);
        var slug = Slug.Resolve(request.Slug, name, errors);

        var aliases = new List<string>();
        if (request.Aliases is { Count: > MaxAliases }) errors.Add("aliases", $"a person may have at most {MaxAliases} aliases.");
        else if (request.Aliases is not null)
        {
            for (var i = 0; i < request.Aliases.Count; i++)
            {
                var alias = errors.RequiredText($"aliases[{i}]", request.Aliases[i], 200);
                if (alias is not null && !aliases.Contains(alias, StringComparer.OrdinalIgnoreCase)) aliases.Add(alias);
            }
        }
        var description = errors.OptionalText("description", request.Description, 2000, multiline: true);
        var wikidataId = errors.OptionalText("wikidataId", request.WikidataId, 20);
        if (wikidataId is not null && !WikidataId().IsMatch(wikidataId))
            errors.Add("wikidataId", "wikidataId must be a Wikidata item id: Q followed by digits, e.g. Q22686.");

        return errors.Any ? null : new PersonInput(name!, slug!, aliases, description, wikidataId);
    }
}
