using Microsoft.AspNetCore.Mvc;
using StatementTracker.Api.Auth;
using StatementTracker.Api.Infrastructure;

namespace StatementTracker.Api.OpenApi;

/// <summary>What each operation's problems look like, for the document's examples: the real messages, in context.</summary>
public static class ProblemExamples
{
    private static readonly string[] PersonOperations = ["GetPerson", "UpdatePerson", "GetTimeline", "GetPersonPositions", "GetPositionHistory"];
    private static readonly string[] TopicOperations = ["GetTopic", "UpdateTopic", "GetTopicPositions"];
    private static readonly string[] StatementBodies = ["CreateStatement", "UpdateStatement"];

    /// <param name="takes">The query parameters the operation takes, as documented; null when not known.</param>
    public static object For(int status, string? operationId, IReadOnlyList<string>? takes = null) => status switch
    {
        400 when StatementBodies.Contains(operationId) => Fields(400, "One or more fields are invalid.",
            "The request has invalid fields; see errors for each field and the rule it broke.",
            ("saidAt", "saidAt is impossible: 2017-02 has no day 30; it has 28 days."),
            ("sources", "at least one source is required: provenance is not optional.")),
        400 when operationId is "CreatePerson" or "UpdatePerson" or "CreateTopic" or "UpdateTopic" => Fields(400, "One or more fields are invalid.",
            "The request has invalid fields; see errors for each field and the rule it broke.",
            ("name", "name is required and must not be blank.")),
        400 when operationId is "CreateLink" => Fields(400, "One or more fields are invalid.",
            "The request has invalid fields; see errors for each field and the rule it broke.",
            ("relation", "relation must be one of: reverses, walks_back, clarifies, reaffirms, repeats, responds_to, contradicts, supports.")),
        400 when takes is null || takes.Contains("limit") => Fields(400, "One or more fields are invalid.",
            "The request has invalid fields; see errors for each field and the rule it broke.",
            ("limit", "limit must be between 1 and 200; it was 500.")),
        400 => UnknownParameter(operationId, takes),

        404 when operationId is "GetLink" or "DeleteLink" => Problem(404, "Not found.", "Statement 'st_4h8j2n6p0r3t5v7w' has no link 'ln_0000000000000000'."),
        404 when PersonOperations.Contains(operationId) => Problem(404, "Not found.", "No person has the slug 'donald-trum'."),
        404 when TopicOperations.Contains(operationId) => Problem(404, "Not found.", "No topic has the slug 'us-russia-cyber'."),
        404 => Problem(404, "Not found.", "No statement has the id 'st_0000000000000000'."),

        409 when operationId is "CreatePerson" or "UpdatePerson" => Fields(409, "Conflict.",
            "The slug 'donald-j-trump' is taken by another person; choose another slug.",
            ("slug", "The slug 'donald-j-trump' is taken by another person; choose another slug."), existing: "/v1/people/donald-j-trump"),
        409 when operationId is "CreateTopic" => Fields(409, "Conflict.",
            "The slug 'us-russia-cyber-unit' is taken by another topic; choose another slug.",
            ("slug", "The slug 'us-russia-cyber-unit' is taken by another topic; choose another slug."), existing: "/v1/topics/us-russia-cyber-unit"),
        409 when operationId is "RetractStatement" => Problem(409, "The statement is retracted.",
            "Statement st_4h8j2n6p0r3t5v7w is retracted and cannot be retracted again; an admin can restore it with POST /v1/statements/st_4h8j2n6p0r3t5v7w/restore."),
        409 when operationId is "RestoreStatement" => Problem(409, "Conflict.", "Statement st_4h8j2n6p0r3t5v7w is not retracted; there is nothing to restore."),
        // What "Try it out" answers the second time it records the documented example.
        409 when operationId is "CreateStatement" => Fields(409, "Conflict.", "A statement with the externalId 'twitter:884012097805406208' exists already: st_6n8q0s2v4x6z8b0d.",
            ("externalId", "A statement with the externalId 'twitter:884012097805406208' exists already: st_6n8q0s2v4x6z8b0d."),
            existing: "/v1/statements/st_6n8q0s2v4x6z8b0d"),
        409 => Fields(409, "Conflict.", "A statement with the externalId 'twitter:884211874518192128' exists already: st_4h8j2n6p0r3t5v7w.",
            ("externalId", "A statement with the externalId 'twitter:884211874518192128' exists already: st_4h8j2n6p0r3t5v7w."),
            existing: "/v1/statements/st_4h8j2n6p0r3t5v7w"),

        422 when operationId is "CreateLink" => Fields(422, "The request breaks a rule of the data.",
            "'reverses' joins two statements by the same person, but st_9m2k4x7q1b3c5d6e is by Donald J. Trump and st_5k7m9p1r3t5v7x9z by Lindsey Graham; between different people use responds_to, contradicts, supports.",
            ("relation", "'reverses' joins two statements by the same person, but st_9m2k4x7q1b3c5d6e is by Donald J. Trump and st_5k7m9p1r3t5v7x9z by Lindsey Graham; between different people use responds_to, contradicts, supports.")),
        422 when operationId is "CreateTopic" or "UpdateTopic" => Fields(422, "The request breaks a rule of the data.",
            "The new parent would make a cycle in the topic hierarchy.",
            ("parent", "'us-russia-cyber-unit' sits below 'foreign-policy' in the hierarchy; making it the parent would make a cycle.")),
        422 => Fields(422, "The request breaks a rule of the data.",
            "A position names an unknown topic or stance, or a topic twice.",
            ("positions[0].topic", "no topic has the slug 'us-russia-cyber'; add it first with POST /v1/topics.")),

        401 => Unauthorized("POST", "/v1/statements", "write"),
        403 => Forbidden("POST", "/v1/statements", "write"),
        429 => TooManyRequests("POST"),
        412 => Precondition(412, "The record has changed.",
            "If-Match \"1\" does not match the current ETag \"2\": someone changed it after you read it. GET it again, reapply your change and send the new ETag."),
        428 => Precondition(428, "If-Match is required.",
            "Send If-Match with the ETag you read (GET it first; it is \"2\" now), so a change made meanwhile by someone else is not overwritten."),
        413 => Problem(413, "The request body is too large.", "Request bodies may be at most 1048576 bytes; this one declares 5242880."),
        415 => Problem(415, "Unsupported media type.", "Send the request body as JSON with Content-Type: application/json (it was 'text/plain')."),
        503 => Problem(503, "Unavailable.", "The database is not reachable."),
        _ => Problem(500, "An unexpected error occurred.", "The server failed to answer this request. It has been logged; please try again or report it."),
    };

    /// <summary>The 503 of a write that found the queue of waiting writes full.</summary>
    public static object WriteQueueFull => Problem(503, "The service is busy writing.",
        "Writes are queued one at a time and 256 writes are waiting already. Retry after the time Retry-After gives.");

    /// <summary>A 400 for a query parameter the operation does not take, as the strict query check words it.</summary>
    public static HttpValidationProblemDetails UnknownParameter(string? operationId, IReadOnlyList<string> takes)
    {
        var operation = operationId ?? "this operation";
        var name = takes.Contains("q") ? "query" : "q";
        return Fields(400, QueryMessages.Title, QueryMessages.Detail(operation), (name, QueryMessages.Unknown(name, operation, takes)));
    }

    /// <summary>A 406 as the operation answers it to a browser's Accept: text/html.</summary>
    public static ProblemDetails NotAcceptable(string? operationId, IReadOnlyList<string> produces)
    {
        var problem = Problem(406, Negotiation.NotAcceptableTitle, Negotiation.NotAcceptable(operationId ?? "This operation", "text/html", produces));
        problem.Extensions["produces"] = produces;
        return problem;
    }

    private static readonly Dictionary<int, string> Types = new()
    {
        [400] = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        [401] = "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        [403] = "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        [404] = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        [406] = Negotiation.NotAcceptableType,
        [409] = "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        [412] = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.13",
        [413] = "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        [415] = "https://tools.ietf.org/html/rfc9110#section-15.5.16",
        [422] = "https://tools.ietf.org/html/rfc4918#section-11.2",
        [429] = "https://tools.ietf.org/html/rfc6585#section-4",
        [428] = "https://www.rfc-editor.org/rfc/rfc6585#section-3",
        [500] = "https://tools.ietf.org/html/rfc9110#section-15.6.1",
        [503] = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
    };

    /// <summary>
    /// A 401 as this operation answers it: without a key where one is needed, else (an open read) with a key that is
    /// not known.
    /// </summary>
    public static ProblemDetails Unauthorized(string method, string path, string? needed)
    {
        if (needed is null) return Problem(401, KeyMessages.InvalidTitle, KeyMessages.Unknown);
        var problem = Problem(401, KeyMessages.MissingTitle, KeyMessages.Missing(method, path, needed));
        problem.Extensions["requiredScope"] = needed;
        return problem;
    }

    public static ProblemDetails Forbidden(string method, string path, string needed)
    {
        var problem = Problem(403, KeyMessages.TooLowTitle, KeyMessages.TooLow(new ApiKeyIdentity("newsroom-reader", Scopes.Read), method, path, needed));
        problem.Extensions["requiredScope"] = needed;
        return problem;
    }

    public static ProblemDetails TooManyRequests(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method)
        ? Problem(429, Protection.TooManyTitle, Protection.TooMany("reads", 600, null, 17))
        : Problem(429, Protection.TooManyTitle, Protection.TooMany("writes", 120, "newsroom-bot", 17));

    private static ProblemDetails Problem(int status, string title, string detail) =>
        new() { Type = Types[status], Title = title, Status = status, Detail = detail };

    /// <summary>412 and 428 name the ETag the record has now, so a client can tell a stale read from a missing header.</summary>
    private static ProblemDetails Precondition(int status, string title, string detail)
    {
        var problem = Problem(status, title, detail);
        problem.Extensions["currentEtag"] = "\"2\"";
        return problem;
    }

    private static HttpValidationProblemDetails Fields(int status, string title, string detail, (string Field, string Message) error, string? existing = null) =>
        Fields(status, title, detail, [error], existing);

    private static HttpValidationProblemDetails Fields(int status, string title, string detail, (string Field, string Message) first, (string Field, string Message) second) =>
        Fields(status, title, detail, [first, second], null);

    private static HttpValidationProblemDetails Fields(int status, string title, string detail, (string Field, string Message)[] errors, string? existing)
    {
        var problem = new HttpValidationProblemDetails(errors.ToDictionary(e => e.Field, e => new[] { e.Message }))
        {
            Type = Types[status], Title = title, Status = status, Detail = detail,
        };
        if (existing is not null) problem.Extensions["existing"] = existing;
        return problem;
    }
}
