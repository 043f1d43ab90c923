
namespace StatementTracker.Api.Infrastructure;

/// <summary>Gives the framework's own bare status codes (404, 405, 415) a detail a person can act on.</summary>
public static class ProblemDefaults
{
    public static void Explain(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Detail is not null) return;
        var request = context.HttpContext.Request;
        problem.Detail = problem.Status switch
        {
            404 => $"No route matches {request.Method} {request.Path}. Every resource lives under /v1; see /swagger for the list.",
            405 => $"{request.Method} is not allowed on {request.Path}; allowed: {context.HttpContext.Response.Headers.Allow}.",
            413 => "The request body is larger than the service accepts; send less at once.",
            415 when request.Path.StartsWithSegments("/v1/imports") =>
                $"Send an import as application/x-ndjson, text/csv or application/ld+json, or as application/octet-stream with format= saying what it is (it was '{request.ContentType ?? "none"}').",
            415 => $"Send the request body as JSON with Content-Type: application/json (it was '{request.ContentType ?? "none"}').",
            _ => null,
        };
    }
}
