using Microsoft.AspNetCore.Http.HttpResults;
using StatementTracker.Api.Auth;
using StatementTracker.Api.Data;

namespace StatementTracker.Api.Infrastructure;

/// <summary>
/// Who is writing, when and why: every command takes one and records it with its revision, so a change is never
/// anonymous and all rows one command writes carry the same instant.
/// </summary>
/// <param name="RecordedBy">The name of the API key that made the change; "system" for the service's own loaders.</param>
/// <param name="Reason">Why, in the editor's words; required for a retraction.</param>
/// <param name="IfMatch">The If-Match header, for changes to a record that exists; null where none is needed.</param>
public sealed record WriteContext(string RecordedBy, string? Reason, string? IfMatch, DateTime Now)
{
    /// <summary>
    /// Set by a bulk import: commands note whose reversals their writes affect here instead of refreshing them one
    /// write at a time, and the importer derives each noted person's reversals once at the end.
    /// </summary>
    public DeferredDerivations? Deferred { get; init; }

    public long NowMs => UtcText.ToUnixMs(Now);

    public string NowText => UtcText.Format(Now);

    /// <summary>For the service's own writers (the demo loader, maintenance): no key, no precondition.</summary>
    public static WriteContext System(string? reason = null) => new("system", reason, null, DateTime.UtcNow);

    public static WriteContext From(HttpContext http, string? reason = null) =>
        new(http.KeyName() ?? "anonymous", reason, http.Request.Headers.IfMatch.Count > 0 ? http.Request.Headers.IfMatch.ToString() : null, DateTime.UtcNow);
}

/// <summary>The derived rows a run of deferred writes has made stale: people's reversals, and (person, topic) current stances.</summary>
public sealed class DeferredDerivations
{
    public HashSet<string> People { get; } = [];

    public HashSet<(string PersonId, string TopicId)> Stances { get; } = [];
}

/// <summary>
/// What a command answers: the value it produced, or the problem that stopped it (a 400 with field errors, or any
/// other problem). Handlers map it to their typed results; nothing was written when it failed.
/// </summary>
public readonly struct Outcome<T>
{
    private Outcome(T? value, ValidationProblem? invalid, ProblemHttpResult? problem) => (Value, Invalid, Problem) = (value, invalid, problem);

    public T? Value { get; }
    public ValidationProblem? Invalid { get; }
    public ProblemHttpResult? Problem { get; }
    public bool Failed => Invalid is not null || Problem is not null;

    /// <summary>The handler's typed results: the problem when the command failed, else what <paramref name="ok"/> makes of the value.</summary>
    public Results<TResult, ValidationProblem, ProblemHttpResult> Match<TResult>(Func<T, TResult> ok) where TResult : IResult
    {
        if (Invalid is not null) return Invalid;
        if (Problem is not null) return Problem;
        return ok(Value!);
    }

    public static implicit operator Outcome<T>(T value) => new(value, null, null);
    public static implicit operator Outcome<T>(ValidationProblem invalid) => new(default, invalid, null);
    public static implicit operator Outcome<T>(ProblemHttpResult problem) => new(default, null, problem);
}

/// <summary>
/// Entity tags from revisions, and the If-Match rule for changes: a PATCH or DELETE must name the revision it
/// was made against (428 without, 412 when someone else changed the record first), so two editors never
/// overwrite each other silently.
/// </summary>
public static class Etags
{
    public static string Of(long revision) => $"\"{revision}\"";

    public static void Set(HttpContext http, long revision) => http.Response.Headers.ETag = Of(revision);

    /// <summary>Null when <paramref name="ifMatch"/> matches the current revision; the problem otherwise.</summary>
    public static ProblemHttpResult? Check(string? ifMatch, long currentRevision)
    {
        if (string.IsNullOrWhiteSpace(ifMatch))
            return TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match is required.",
                type: "https://www.rfc-editor.org/rfc/rfc6585#section-3",
                detail: $"Send If-Match with the ETag you read (GET it first; it is {Of(currentRevision)} now), so a change made meanwhile by someone else is not overwritten.",
                extensions: new Dictionary<string, object?> { ["currentEtag"] = Of(currentRevision) });
        var current = Of(currentRevision);
        // Strong comparison (RFC 9110 13.1.1): a weak tag never matches; "*" matches a record that exists. A GET's
        // tag adds the hash of the whole answer after a dot ("3.9f1c…"); the record's revision is what counts here.
        var matches = ifMatch.Split(',').Select(t => t.Trim()).Any(t => t == "*" || t == current
            || (t.StartsWith('"') && t.EndsWith('"') && t.Length > 2 && $"\"{t[1..^1].Split('.')[0]}\"" == current));
        return matches ? null : TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "The record has changed.",
            type: "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.13",
            detail: $"If-Match {ifMatch.Trim()} does not match the current ETag {current}: someone changed it after you read it. GET it again, reapply your change and send the new ETag.",
            extensions: new Dictionary<string, object?> { ["currentEtag"] = current });
    }
}
