using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using StatementTracker.Api.Auth;

namespace StatementTracker.Api.Infrastructure;

/// <summary>
/// Which media types an operation answers with, and whether a request's Accept lets it answer with one of them
/// (RFC 9110 12.5.1). What an operation answers with is read from its response metadata, so a handler that declares
/// another format (<c>.Produces(200, contentType: "text/csv")</c>) can be asked for it without a change here.
/// </summary>
public static class Negotiation
{
    public const string Json = "application/json";
    public const string ProblemJson = "application/problem+json";

    public const string NotAcceptableTitle = "Not acceptable.";
    public const string NotAcceptableType = "https://tools.ietf.org/html/rfc9110#section-15.5.7";

    /// <summary>The media types of the operation's successful answers, as its metadata declares them; none when it answers without a body.</summary>
    public static IReadOnlyList<string> Produces(IEnumerable<object> metadata) =>
        metadata.OfType<IProducesResponseTypeMetadata>()
            .Where(m => m.StatusCode is >= 200 and < 300)
            .SelectMany(m => m.ContentTypes)
            // A list that exports answers its 200 as CSV and NDJSON too (see Exports).
            .Concat(metadata.OfType<OffersExports>().Any() ? OffersExports.ContentTypes : [])
            .Select(type => MediaTypeHeaderValue.TryParse(type, out var parsed) ? parsed.MediaType.Value! : type)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>
    /// Whether <paramref name="accept"/> allows one of <paramref name="produces"/>; null when Accept cannot be read.
    /// No Accept allows anything; parameters other than q (a charset) do not narrow a range.
    /// </summary>
    public static bool? Allows(StringValues accept, IReadOnlyList<string> produces)
    {
        if (accept.All(string.IsNullOrWhiteSpace)) return true;
        if (!MediaTypeHeaderValue.TryParseStrictList(accept, out var ranges)) return null;
        return ranges.Count == 0 || produces.Any(type => Quality(type, ranges) > 0);
    }

    /// <summary>
    /// The quality Accept gives <paramref name="type"/>: that of the most specific range that matches it (type/subtype
    /// over type/* over */*), the highest among equally specific ones; 0 when none does. So
    /// "application/json;q=0, */*" refuses JSON, and "text/html, application/json;q=0.9" takes it.
    /// </summary>
    private static double Quality(string type, IList<MediaTypeHeaderValue> ranges)
    {
        var (best, quality) = (-1, 0.0);
        foreach (var range in ranges)
        {
            var specificity = Specificity(type, range);
            if (specificity < 0) continue;
            var q = range.Quality ?? 1.0;
            if (specificity > best) (best, quality) = (specificity, q);
            else if (specificity == best) quality = Math.Max(quality, q);
        }
        return quality;
    }

    /// <summary>2 when the range names the type, 1 for type/*, 0 for */*, -1 when it does not match.</summary>
    private static int Specificity(string type, MediaTypeHeaderValue range)
    {
        var slash = type.IndexOf('/');
        var (main, sub) = slash < 0 ? (type, "") : (type[..slash], type[(slash + 1)..]);
        if (range.MatchesAllTypes) return 0;
        if (!range.Type.Equals(main, StringComparison.OrdinalIgnoreCase)) return -1;
        if (range.MatchesAllSubTypes) return 1;
        if (range.SubType.Equals(sub, StringComparison.OrdinalIgnoreCase)) return 2;
        // problem+json is JSON, and some clients name only the error format; they can read the answer.
        return type.Equals(Json, StringComparison.OrdinalIgnoreCase) && range.MediaType.Equals(ProblemJson, StringComparison.OrdinalIgnoreCase) ? 2 : -1;
    }

    public static string NotAcceptable(string operation, string accept, IReadOnlyList<string> produces) =>
        $"{operation} answers with {string.Join(" or ", produces)}, which Accept: {Shown(accept)} does not allow. Ask for {produces[0]} (or */*, or send no Accept). Errors are application/problem+json whatever Accept says.";

    public static string Unreadable(string accept) =>
        $"Accept must be a list of media ranges such as application/json, text/*;q=0.5 or */*; '{Shown(accept)}' is not.";

    private static string Shown(string value) => value.Length <= 100 ? value : value[..100] + "…";
}

/// <summary>
/// Answers 406 when Accept allows nothing an operation under /v1 answers with (text/html, application/xml on a JSON
/// operation), instead of JSON the client said it cannot take; the problem lists what it can, in <c>produces</c>.
/// </summary>
public sealed class NegotiationMiddleware(RequestDelegate next)
{
    private readonly ConcurrentDictionary<Endpoint, IReadOnlyList<string>> _produces = new(ReferenceEqualityComparer.Instance);

    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        if (context.GetEndpoint() is { } endpoint && ScopeRules.IsApi(context.Request.Path))
        {
            var produces = _produces.GetOrAdd(endpoint, e => Negotiation.Produces(e.Metadata));
            // An answer without a body (204) has nothing to negotiate.
            var allowed = produces.Count == 0 ? true : Negotiation.Allows(context.Request.Headers.Accept, produces);
            if (allowed != true)
            {
                var operation = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "This operation";
                await problems.WriteAsync(allowed is null ? Unreadable(context) : NotAcceptable(context, operation, produces));
                return;
            }
        }
        await next(context);
    }

    private static ProblemDetailsContext NotAcceptable(HttpContext context, string operation, IReadOnlyList<string> produces)
    {
        context.Response.StatusCode = StatusCodes.Status406NotAcceptable;
        var problem = new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status406NotAcceptable,
                Type = Negotiation.NotAcceptableType,
                Title = Negotiation.NotAcceptableTitle,
                Detail = Negotiation.NotAcceptable(operation, context.Request.Headers.Accept.ToString(), produces),
            },
        };
        problem.ProblemDetails.Extensions["produces"] = produces;
        return problem;
    }

    private static ProblemDetailsContext Unreadable(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        var message = Negotiation.Unreadable(context.Request.Headers.Accept.ToString());
        return new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["Accept"] = [message] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request is invalid.",
                Detail = message,
            },
        };
    }
}
