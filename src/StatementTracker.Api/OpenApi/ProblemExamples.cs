using Microsoft.AspNetCore.Mvc;

namespace StatementTracker.Api.OpenApi;

/// <summary>What each kind of problem looks like, for the document's examples.</summary>
public static class ProblemExamples
{
    public static object For(int status, string? operationId) => status switch
    {
        400 => new HttpValidationProblemDetails(new Dictionary<string, string[]>
        {
            ["saidAt"] = ["saidAt is impossible: 2017-02 has no day 30; it has 28 days."],
        })
        {
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            Title = "One or more fields are invalid.",
            Status = 400,
            Detail = "The request has invalid fields; see errors for each field and the rule it broke.",
        },
        404 => Problem(status, "https://tools.ietf.org/html/rfc9110#section-15.5.5", "Not found.",
            operationId?.Contains("Person", StringComparison.Ordinal) == true || operationId == "GetTimeline"
                ? "No person has the id 'donald-trum'."
                : "No statement has the id 'st_0000000000000000'."),
        409 => Problem(status, "https://tools.ietf.org/html/rfc9110#section-15.5.10", "Conflict.",
            "A statement with the externalId 'twitter:884016887692234753' exists already."),
        413 => Problem(status, "https://tools.ietf.org/html/rfc9110#section-15.5.14", "The request body is too large.",
            "Request bodies may be at most 1048576 bytes; this one declares 5242880."),
        415 => Problem(status, "https://tools.ietf.org/html/rfc9110#section-15.5.16", "Unsupported media type.",
            "Send the request body as JSON with Content-Type: application/json (it was 'text/plain')."),
        422 => Problem(status, "https://tools.ietf.org/html/rfc4918#section-11.2", "The request breaks a rule of the data.",
            "'reverses' links two statements by the same person."),
        _ => Problem(status, "https://tools.ietf.org/html/rfc9110#section-15.6.1", "An unexpected error occurred.",
            "The server failed to answer this request. It has been logged; please try again or report it."),
    };

    private static ProblemDetails Problem(int status, string type, string title, string detail) =>
        new() { Type = type, Title = title, Status = status, Detail = detail };
}
