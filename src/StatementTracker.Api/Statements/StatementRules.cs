using System.Text.RegularExpressions;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.Positions;

namespace StatementTracker.Api.Statements;

/// <summary>A statement that passed validation, ready to store.</summary>
public sealed record StatementInput(
    string Person, string Quote, string? Summary, PartialDate SaidAt, string Medium, string? Venue, string Language,
    IReadOnlyList<Source> Sources, string? ExternalId, IReadOnlyList<(string Topic, string Stance)> Positions, IReadOnlyList<string> Topics,
    string Wording);

/// <summary>The rules a statement's own fields must keep, whether created or patched.</summary>
public static partial class StatementRules
{
    public static readonly string[] Media =
        ["tweet", "social_post", "speech", "interview", "press_conference", "press_release", "statement", "debate", "op_ed", "testimony", "vote", "other"];

    /// <summary>exact: the speaker's own words. paraphrase: a fact-checker's summary of the claim ("Says ...").</summary>
    public static readonly string[] Wordings = ["exact", "paraphrase"];

    public const int MaxQuoteLength = 10_000;
    public const int MaxSources = 20;
    public const int MaxPositions = 50;
    public const int MaxTopics = 20;

    // The clock may run a little ahead of the speaker's: a date counts as UTC, and offsets reach +14:00.
    private static readonly TimeSpan FutureTolerance = TimeSpan.FromHours(14);

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")]
    private static partial Regex LanguageTag();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9_.-]{0,39}:\S{1,200}$")]
    private static partial Regex ExternalIdForm();

    public static StatementInput? Validate(CreateStatementRequest request, ValidationErrors errors, DateTime utcNow)
    {
        var person = errors.RequiredText("person", request.Person, Slug.MaxLength);
        var quote = errors.RequiredText("quote", request.Quote, MaxQuoteLength, multiline: true);
        var summary = errors.OptionalText("summary", request.Summary, 2000, multiline: true);
        var saidAt = SaidAt(request.SaidAt, errors, utcNow);
        var medium = Medium("medium", request.Medium, errors, required: true);
        var venue = errors.OptionalText("venue", request.Venue, 300);
        var language = request.Language is null ? "en" : errors.RequiredText("language", request.Language, 35);
        if (language is not null && !LanguageTag().IsMatch(language))
            errors.Add("language", "language must be a BCP 47 tag such as en, ru or pt-BR.");
        var externalId = ExternalId(request.ExternalId, errors);
        var wording = request.Wording ?? "exact";
        if (!Wordings.Contains(wording, StringComparer.Ordinal))
            errors.Add("wording", "wording must be exact (the speaker's own words) or paraphrase (a fact-checker's summary of the claim).");
        var sources = Sources(request.Sources, errors);
        var positions = Positions(request.Positions, errors);
        var topics = Topics(request.Topics, errors);

        return errors.Any ? null : new StatementInput(person!, quote!, summary, saidAt!, medium!, venue, language!, sources, externalId, positions, topics, wording);
    }

    /// <summary>An id in another system: namespace:value, lower-case namespace, no spaces.</summary>
    public static string? ExternalId(string? value, ValidationErrors errors, string field = "externalId")
    {
        var externalId = errors.OptionalText(field, value, 250);
        if (externalId is not null && !ExternalIdForm().IsMatch(externalId))
        {
            errors.Add(field, $"{field} must be namespace:value with a lower-case namespace and no spaces, e.g. twitter:884016887692234753.");
            return null;
        }
        return externalId;
    }

    public static PartialDate? SaidAt(string? text, ValidationErrors errors, DateTime utcNow, string field = "saidAt")
    {
        var value = Dates.Parse(text, field, errors);
        if (value is null) return null;
        if (value.Start > utcNow + FutureTolerance)
        {
            errors.Add(field, $"{field} is in the future; a statement can only be recorded once it has been made.");
            return null;
        }
        return value;
    }

    public static string? Medium(string field, string? value, ValidationErrors errors, bool required)
    {
        if (value is null)
        {
            if (required) errors.Add(field, $"{field} is required; one of: {string.Join(", ", Media)}.");
            return null;
        }
        if (!Media.Contains(value, StringComparer.Ordinal))
        {
            errors.Add(field, $"{field} must be one of: {string.Join(", ", Media)}.");
            return null;
        }
        return value;
    }

    private static List<Source> Sources(List<SourceInput>? sources, ValidationErrors errors)
    {
        var valid = new List<Source>();
        if (sources is null || sources.Count == 0)
        {
            errors.Add("sources", "at least one source is required: provenance is not optional.");
            return valid;
        }
        if (sources.Count > MaxSources)
        {
            errors.Add("sources", $"a statement may have at most {MaxSources} sources.");
            return valid;
        }
        for (var i = 0; i < sources.Count; i++)
        {
            var prefix = $"sources[{i}]";
            if (sources[i] is not { } source)
            {
                errors.Add(prefix, $"{prefix} must be an object with at least a url.");
                continue;
            }
            var url = HttpUrl($"{prefix}.url", source.Url, errors, required: true);
            var title = errors.OptionalText($"{prefix}.title", source.Title, 500);
            var publisher = errors.OptionalText($"{prefix}.publisher", source.Publisher, 200);
            string? publishedAt = null;
            if (source.PublishedAt is not null) publishedAt = Dates.Parse(source.PublishedAt, $"{prefix}.publishedAt", errors)?.Text;
            var archiveUrl = HttpUrl($"{prefix}.archiveUrl", source.ArchiveUrl, errors, required: false);
            if (url is not null) valid.Add(new Source(url, title, publisher, publishedAt, archiveUrl));
        }
        return valid;
    }

    /// <summary>Topics the statement is about without taking a stance: slugs, each once; whether they exist is checked against the data (422).</summary>
    private static List<string> Topics(List<string?>? topics, ValidationErrors errors)
    {
        var valid = new List<string>();
        if (topics is null) return valid;
        if (topics.Count > MaxTopics)
        {
            errors.Add("topics", $"a statement may be about at most {MaxTopics} topics.");
            return valid;
        }
        for (var i = 0; i < topics.Count; i++)
        {
            var topic = errors.RequiredText($"topics[{i}]", topics[i], Slug.MaxLength);
            if (topic is null) continue;
            if (valid.Contains(topic, StringComparer.Ordinal)) errors.Add($"topics[{i}]", $"'{topic}' is listed twice.");
            else valid.Add(topic);
        }
        return valid;
    }

    /// <summary>The shape of each position; whether its topic and stance exist is checked against the data (422).</summary>
    private static List<(string Topic, string Stance)> Positions(List<PositionInput>? positions, ValidationErrors errors)
    {
        var valid = new List<(string, string)>();
        if (positions is null) return valid;
        if (positions.Count > MaxPositions)
        {
            errors.Add("positions", $"a statement may take stances on at most {MaxPositions} topics.");
            return valid;
        }
        for (var i = 0; i < positions.Count; i++)
        {
            if (positions[i] is not { } position)
            {
                errors.Add($"positions[{i}]", $"positions[{i}] must be an object with a topic and a stance.");
                continue;
            }
            var topic = errors.RequiredText($"positions[{i}].topic", position.Topic, Slug.MaxLength);
            var stance = errors.RequiredText($"positions[{i}].stance", position.Stance, 50);
            if (topic is not null && stance is not null) valid.Add((topic, stance));
        }
        return valid;
    }

    public static string? HttpUrl(string field, string? value, ValidationErrors errors, bool required)
    {
        var text = required ? errors.RequiredText(field, value, 2048) : errors.OptionalText(field, value, 2048);
        if (text is null) return null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
        {
            errors.Add(field, $"{field} must be an absolute http or https URL.");
            return null;
        }
        return text;
    }
}
