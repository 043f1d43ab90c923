using Microsoft.AspNetCore.WebUtilities;

namespace StatementTracker.Api.Infrastructure;

/// <summary>
/// Refuses a body whose declared length is over the limit before anything reads it. Bodies sent without a length
/// (chunked) meet the same limit in Kestrel's MaxRequestBodySize, which the exception handler turns into a 413.
/// </summary>
public sealed class RequestSizeLimitMiddleware(RequestDelegate next, long maxBytes)
{
    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        if (context.Request.ContentLength > maxBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Title = "The request body is too large.",
                    Detail = $"Request bodies may be at most {maxBytes} bytes; this one declares {context.Request.ContentLength}.",
                },
            });
            return;
        }
        await next(context);
    }
}

/// <summary>
/// An empty query parameter (?person=&amp;limit=10, as HTML forms and some clients send) means the same as an absent
/// one, for every list: dropped here once, instead of each handler deciding whether "" is a slug or a date. Each
/// empty value is dropped on its own (?limit=&amp;limit=5 is limit=5), and the names that stay keep the spelling
/// and order they were sent in, for the strict query check that reads them next.
/// </summary>
public sealed class EmptyQueryParametersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var query = context.Request.QueryString;
        if (!query.HasValue) return next(context);
        var kept = new List<KeyValuePair<string, string?>>();
        var dropped = false;
        foreach (var pair in new QueryStringEnumerable(query.Value))
        {
            var value = pair.DecodeValue().ToString();
            if (string.IsNullOrWhiteSpace(value)) dropped = true;
            else kept.Add(new(pair.DecodeName().ToString(), value));
        }
        if (dropped) context.Request.QueryString = QueryString.Create(kept);
        return next(context);
    }
}
