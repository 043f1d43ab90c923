using Microsoft.AspNetCore.Http.HttpResults;

namespace StatementTracker.Api.Infrastructure;

/// <summary>
/// The few problem shapes the API answers with (RFC 9457). Field errors always sit in <c>errors</c>, keyed by the
/// field's JSON path, so a client can put each message beside its input.
/// </summary>
public static class Problems
{
    /// <summary>400: the request is malformed or breaks a rule of its own (a missing field, an impossible date).</summary>
    public static ValidationProblem Invalid(ValidationErrors errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(),
            detail: "The request has invalid fields; see errors for each field and the rule it broke.",
            title: "One or more fields are invalid.");

    /// <summary>422: well-formed, but it conflicts with the data (an unknown person, a link that breaks a rule).</summary>
    public static ProblemHttpResult Unprocessable(ValidationErrors errors, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "The request breaks a rule of the data.",
            extensions: new Dictionary<string, object?> { ["errors"] = errors.ToDictionary() });

    /// <summary>404 for the resource a path names: people and topics by slug, statements by id.</summary>
    public static ProblemHttpResult NotFound(string what, string value) =>
        TypedResults.Problem(detail: $"No {what} has the {(what == "statement" ? "id" : "slug")} '{value}'.",
            statusCode: StatusCodes.Status404NotFound, title: "Not found.");

    /// <summary>The message for a query parameter naming a person or topic that does not exist (a 400 on that parameter).</summary>
    public static string Unknown(string what, string slug) => $"no {what} has the slug '{slug}'.";

    /// <summary>409: the value must be unique and is taken; <paramref name="existing"/> is where the holder lives.</summary>
    public static ProblemHttpResult Conflict(string field, string detail, string? existing = null)
    {
        var extensions = new Dictionary<string, object?>
        {
            ["errors"] = new Dictionary<string, string[]> { [field] = [detail] },
        };
        if (existing is not null) extensions["existing"] = existing;
        return TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict.", extensions: extensions);
    }
}
